// Outbound sends. A send is checked in the order a user can fix things (input, role, number,
// recipient, money), then accepted in ONE transaction (message row, charge, thread activity, events)
// and handed to the outbox worker, which talks to the carrier after the commit. The quote runs the
// same checks without writing, so the composer shows the refusal a send would get.
import type { Message, Quote, Readiness, SendMessageInput, SmsSegments } from '@threadline/sdk';
import { quoteCost, smsSegments } from '@threadline/sdk';
import { toE164 } from '@threadline/sdk/phone';
import { ApiError, forbidden, invalid } from '../../errors.ts';
import { roleAtLeast } from '../../middleware/auth/index.ts';
import type { EmbedAuth, Services } from '../../services.ts';
import { EventBus } from '../events/index.ts';
import { sendingNumber, type NumberWithReadiness } from '../numbers/index.ts';
import { messagePreviewText, recordActivity } from '../threads/activity.ts';
import { messageInclude, threadInclude, toMessageDto, toThreadDto } from '../threads/dto.ts';
import { appendBalanceEvent, chargeForSend, formatMoney, insufficientBalance, ratesOf } from '../billing/index.ts';
import { attachMedia, mediaForSend, type MediaRow } from '../media/index.ts';
import { linksOf } from './status.ts';
import { transact } from './transaction.ts';

/** Twilio's cap on a message body, in characters. */
export const MAX_BODY_CHARACTERS = 1600;

/** The 409 for a contact who replied STOP. */
export function recipientOptedOut(to: string): ApiError {
  return new ApiError(409, 'recipient_opted_out', 'This contact replied STOP. They must text START to receive messages again.', { to });
}

/** The 409 for a number that may not send (the readiness message says what to do). */
export function numberNotReady(numberId: string, readiness: Readiness): ApiError {
  return new ApiError(409, 'number_not_ready', readiness.message ?? 'This number cannot send texts yet.', {
    state: readiness.state,
    step: readiness.action?.step ?? null,
    action: readiness.action,
    trackingNumberId: numberId,
  });
}

/** A caution a send is accepted with: toll-free numbers pending verification may not deliver. */
export interface SendWarning {
  code: 'toll_free_pending';
  message: string;
}

/** Everything a send or a quote decided, before anything is written. */
export interface SendPlan {
  number: NumberWithReadiness;
  to: string;
  body: string;
  media: MediaRow[];
  segments: SmsSegments;
  cost: number;
  balance: number;
  currency: string;
  optedOut: boolean;
  /** What a send would be refused with (403, 409 or 402), or null when it would be accepted. */
  refusal: ApiError | null;
  warning: SendWarning | null;
}

/** A phone number as typed, in E.164, or 422 on `field`. National US/CA formats are read as such. */
export function phoneInputToE164(value: string, defaultCountry: 'US' | 'CA' = 'US', field = 'to'): string {
  const e164 = typeof value === 'string' ? toE164(value.trim(), defaultCountry) : null;
  if (!e164) throw invalid(field, `"${field}" is not a phone number we can text: ${String(value)}`, { value });
  return e164;
}

/**
 * Validates a send and decides whether it would be accepted now. Throws 422 for input that can
 * never be sent (field named); returns the refusal for input that could be later: 422 on `body`
 * while there is nothing to send, then 403/409/402.
 */
export async function planSend(services: Services, auth: EmbedAuth, input: SendMessageInput): Promise<SendPlan> {
  const { db, config } = services;
  const body = typeof input.body === 'string' ? input.body : '';
  const mediaIds = input.mediaIds ?? [];
  const characters = Array.from(body).length;
  if (characters > MAX_BODY_CHARACTERS) {
    throw invalid('body', `The message is ${characters} characters; the limit is ${MAX_BODY_CHARACTERS}`, { characters, limit: MAX_BODY_CHARACTERS });
  }
  // Nothing to send yet is refused like the rest below, not thrown: a composer quotes a recipient
  // before anything is typed, and the quote still reads the number (the server's check of `to`).
  const empty = !body.trim() && mediaIds.length === 0;
  const media = await mediaForSend(db, auth.businessId, mediaIds);
  const number = await sendingNumber(db, auth.businessId, String(input.from ?? ''));
  const to = phoneInputToE164(input.to, number.row.country === 'CA' ? 'CA' : 'US');
  if (to === number.row.e164) throw invalid('to', 'A number cannot text itself', { value: input.to });

  const [business, contact] = await Promise.all([
    db.business.findUniqueOrThrow({ where: { id: auth.businessId } }),
    db.contact.findUnique({ where: { businessId_e164: { businessId: auth.businessId, e164: to } }, select: { optedOut: true } }),
  ]);
  const segments = smsSegments(body);
  const cost = quoteCost({ segments: segments.segments, mediaCount: media.length, direction: 'outbound', rates: ratesOf(config, business) });
  const optedOut = contact?.optedOut ?? false;
  const { readiness } = number;

  let refusal: ApiError | null = null;
  if (empty) {
    refusal = invalid('body', 'Write a message or attach a file');
  } else if (!roleAtLeast(auth.role, 'manager')) {
    refusal = forbidden(`Your role (${auth.role}) cannot send messages`, { role: auth.role, requiredRole: 'manager' });
  } else if (!readiness.canSend) {
    refusal = numberNotReady(number.row.id, readiness);
  } else if (optedOut) {
    refusal = recipientOptedOut(to);
  } else if (business.balance < cost) {
    refusal = insufficientBalance(cost, business.balance, business.currency);
  }
  const warning: SendWarning | null =
    readiness.state === 'toll_free_pending' && readiness.message ? { code: 'toll_free_pending', message: readiness.message } : null;
  return { number, to, body, media, segments, cost, balance: business.balance, currency: business.currency, optedOut, refusal, warning };
}

/** The quote a composer shows before Send: cost, segments, readiness and the refusal a send would get. */
export async function quoteSend(services: Services, auth: EmbedAuth, input: SendMessageInput): Promise<Quote> {
  const plan = await planSend(services, auth, input);
  return {
    encoding: plan.segments.encoding,
    segments: plan.segments.segments,
    characters: plan.segments.characters,
    unicodeCharacters: plan.segments.unicodeCharacters,
    cost: plan.cost,
    balance: plan.balance,
    currency: plan.currency,
    readiness: plan.number.readiness,
    recipient: { e164: plan.to, optedOut: plan.optedOut },
    canSend: plan.refusal === null,
    refusal: plan.refusal ? plan.refusal.toBody().error : null,
  };
}

/** An accepted send: the queued message, and a warning when it may not deliver. */
export interface SendResult {
  message: Message;
  warning: SendWarning | null;
}

/**
 * Accepts an outbound message: checks it, then in one transaction creates the message (status
 * `queued`), files it under its thread (creating the contact and thread for a new number), charges
 * the balance and appends `message.created`, `thread.updated` and `balance.updated`. The outbox
 * worker sends it after the commit, so an accepted send survives a restart.
 * @example await sendMessage(services, auth, { from: numberId, to: '(813) 555-0100', body: 'On our way!' })
 */
export async function sendMessage(services: Services, auth: EmbedAuth, input: SendMessageInput): Promise<SendResult> {
  const plan = await planSend(services, auth, input);
  if (plan.refusal) throw plan.refusal;
  const links = linksOf(services.config);
  const { businessId } = auth;
  const now = new Date();
  const description = `${plan.media.length ? 'MMS' : `SMS (${plan.segments.segments} segment${plan.segments.segments === 1 ? '' : 's'})`} to ${plan.to}`;

  const message = await transact(services.db, async (tx) => {
    const { threadId, contactId } = await recordActivity(tx, {
      businessId,
      contactE164: plan.to,
      trackingNumberId: plan.number.row.id,
      at: now,
      preview: {
        kind: plan.media.length ? 'mms' : 'sms',
        direction: 'outbound',
        text: messagePreviewText(plan.body, plan.media.map((row) => row.contentType)),
      },
      unread: false,
    });
    // Checked again inside the transaction: a STOP that arrived after the plan must still win.
    const contact = await tx.contact.findUniqueOrThrow({ where: { id: contactId }, select: { optedOut: true } });
    if (contact.optedOut) throw recipientOptedOut(plan.to);
    const created = await tx.message.create({
      data: {
        businessId,
        threadId,
        trackingNumberId: plan.number.row.id,
        direction: 'outbound',
        from: plan.number.row.e164,
        to: plan.to,
        body: plan.body,
        encoding: plan.segments.encoding,
        segments: plan.segments.segments,
        status: 'queued',
        cost: plan.cost,
        senderUserId: auth.userId,
        nextAttemptAt: now,
        createdAt: now,
      },
    });
    await attachMedia(tx, created.id, plan.media);
    const charge = await chargeForSend(tx, {
      businessId,
      cost: plan.cost,
      messageId: created.id,
      description: `${description} (${formatMoney(plan.cost, plan.currency)})`,
    });
    const row = await tx.message.findUniqueOrThrow({ where: { id: created.id }, include: messageInclude });
    const dto = toMessageDto(links, row);
    const thread = await tx.thread.findUniqueOrThrow({ where: { id: threadId }, include: threadInclude });
    await EventBus.append(tx, businessId, 'message.created', dto);
    await EventBus.append(tx, businessId, 'thread.updated', toThreadDto(thread));
    if (charge.ledgerEntryId) await appendBalanceEvent(tx, businessId, charge);
    return dto;
  });
  services.bus.notify(businessId);
  services.outbox?.kick();
  return { message, warning: plan.warning };
}
