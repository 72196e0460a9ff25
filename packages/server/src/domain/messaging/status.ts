// Delivery status of outbound messages. Carriers report out of order and more than once (Twilio
// retries callbacks, and "sent" can arrive after "delivered"), so a status only ever moves forward.
import type { MessageStatus } from '@threadline/sdk';
import type { Config } from '../../config.ts';
import type { Services } from '../../services.ts';
import { EventBus } from '../events/index.ts';
import { messageInclude, toMessageDto, type LinkContext } from '../threads/dto.ts';
import type { Tx } from '../threads/activity.ts';
import { appendBalanceEvent, refundMessage } from '../billing/index.ts';
import { errorWords } from './error-codes.ts';
import { transact } from './transaction.ts';

/** How far along a status is: a message never moves to a lower rank. Final statuses share the top rank. */
export const STATUS_RANK: Record<MessageStatus, number> = {
  queued: 0,
  sending: 1,
  sent: 2,
  delivered: 3,
  undelivered: 3,
  failed: 3,
  received: 3,
};

/** Statuses ranked below `status`: the ones a message may move from to reach it. */
export function statusesBelow(status: MessageStatus): MessageStatus[] {
  return (Object.keys(STATUS_RANK) as MessageStatus[]).filter((other) => STATUS_RANK[other] < STATUS_RANK[status]);
}

/**
 * Our status for a Twilio MessageStatus; null for ones that say nothing about delivery.
 * Twilio's "accepted"/"queued" mean it has the message but has not sent it: that is our "sending".
 */
export function fromCarrierStatus(status: string): MessageStatus | null {
  switch (status) {
    case 'accepted':
    case 'queued':
    case 'scheduled':
    case 'sending':
      return 'sending';
    case 'sent':
      return 'sent';
    case 'delivered':
    case 'read':
      return 'delivered';
    case 'undelivered':
      return 'undelivered';
    case 'failed':
    case 'canceled':
      return 'failed';
    default:
      return null;
  }
}

/** The public-link settings DTOs need, from the configuration. */
export function linksOf(config: Pick<Config, 'publicUrl' | 'secret'>): LinkContext {
  return { publicUrl: config.publicUrl, secret: config.secret };
}

/** A status change to apply to an outbound message. */
export interface MessageStatusChange {
  /** The carrier's id of the message. */
  sid: string;
  /** Our message id, when known: a callback can arrive before the send stored the carrier's id. */
  messageId?: string;
  status: MessageStatus;
  errorCode?: string | null;
  /** The carrier's own words for the error, used when the code is not one we know. */
  errorMessage?: string | null;
}

/** The outcome of applying a status change. */
export interface StatusResult {
  /** False when the message is unknown or the change would move its status backwards. */
  changed: boolean;
  messageId: string | null;
  businessId: string | null;
}

/**
 * Moves a message's status forward inside `tx`: conditional on the current status being lower,
 * so concurrent callbacks cannot move it back. A message that ends `failed` is refunded (the carrier
 * never sent it). Appends `message.updated` (and `balance.updated` for a refund).
 */
export async function advanceMessageStatus(
  tx: Tx,
  links: LinkContext,
  input: { messageId: string; businessId: string; status: MessageStatus; errorCode?: string | null; errorMessage?: string | null; carrierSid?: string },
): Promise<boolean> {
  const errorCode = input.errorCode ? String(input.errorCode) : null;
  const { count } = await tx.message.updateMany({
    where: { id: input.messageId, businessId: input.businessId, direction: 'outbound', status: { in: statusesBelow(input.status) } },
    data: {
      status: input.status,
      ...(errorCode ? { errorCode, errorMessage: errorWords(errorCode, input.errorMessage ?? undefined) } : {}),
      ...(input.carrierSid ? { carrierSid: input.carrierSid } : {}),
      ...(STATUS_RANK[input.status] > STATUS_RANK.sending ? { nextAttemptAt: null } : {}),
    },
  });
  if (count === 0) return false;
  if (input.status === 'failed') {
    const refund = await refundMessage(tx, {
      businessId: input.businessId,
      messageId: input.messageId,
      description: `Refund: message not sent${errorCode ? ` (${errorWords(errorCode, input.errorMessage ?? undefined)})` : ''}`,
    });
    if (refund) await appendBalanceEvent(tx, input.businessId, refund);
  }
  const row = await tx.message.findUniqueOrThrow({ where: { id: input.messageId }, include: messageInclude });
  await EventBus.append(tx, input.businessId, 'message.updated', toMessageDto(links, row));
  return true;
}

/**
 * Applies a carrier's status report (the status webhook and the simulator both call this).
 * Idempotent: a repeated or older report changes nothing.
 */
export async function applyMessageStatus(services: Services, change: MessageStatusChange): Promise<StatusResult> {
  const links = linksOf(services.config);
  const result = await transact(services.db, async (tx): Promise<StatusResult> => {
    let message = await tx.message.findUnique({ where: { carrierSid: change.sid }, select: { id: true, businessId: true, carrierSid: true } });
    if (!message && change.messageId) {
      // The report beat the send's own bookkeeping: match our id, but only a message without a
      // carrier id yet (or with this one, stored since the lookup above), so a stale or forged id
      // cannot relabel another message.
      const candidate = await tx.message.findUnique({ where: { id: change.messageId }, select: { id: true, businessId: true, carrierSid: true, direction: true } });
      if (candidate && candidate.direction === 'outbound' && (candidate.carrierSid === null || candidate.carrierSid === change.sid)) message = candidate;
    }
    if (!message) return { changed: false, messageId: null, businessId: null };
    if (message.carrierSid === null) {
      await tx.message.updateMany({ where: { id: message.id, carrierSid: null }, data: { carrierSid: change.sid } });
    }
    const changed = await advanceMessageStatus(tx, links, {
      messageId: message.id,
      businessId: message.businessId,
      status: change.status,
      errorCode: change.errorCode,
      errorMessage: change.errorMessage,
    });
    return { changed, messageId: message.id, businessId: message.businessId };
  });
  if (result.changed && result.businessId) services.bus.notify(result.businessId);
  return result;
}
