// Inbound SMS/MMS, from the Twilio webhook and the simulator alike. Carriers deliver at least once,
// so a message is stored once per carrier id; its media is copied to our storage first (with the
// carrier's credentials) so host pages never see a carrier URL.
import { quoteCost, smsSegments } from '@threadline/sdk';
import type { Services } from '../../services.ts';
import { EventBus } from '../events/index.ts';
import { messagePreviewText, recordActivity } from '../threads/activity.ts';
import { messageInclude, threadInclude, toMessageDto, toThreadDto } from '../threads/dto.ts';
import { appendBalanceEvent, chargeInbound, ratesOf } from '../billing/index.ts';
import {
  isAllowedContentType,
  newPublicToken,
  normalizeContentType,
  removeMediaBytes,
  safeFilename,
  writeMediaBytes,
  type IncomingFile,
} from '../media/index.ts';
import { fetchCarrierBytes } from '../media/fetch.ts';
import { linksOf } from './status.ts';
import { prismaCode, transact } from './transaction.ts';

/** Keywords carriers treat as opt-out (the whole message, any case). */
export const OPT_OUT_KEYWORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE'];
/** Keywords that opt a contact back in. */
export const OPT_IN_KEYWORDS = ['START', 'UNSTOP', 'YES', 'OPTIN'];
/** Keywords asking for help: noted (the carrier answers them), no state changes. */
export const HELP_KEYWORDS = ['HELP', 'INFO'];

/** What an inbound message body asks for, if it is a keyword. */
export type Keyword = 'opt-out' | 'opt-in' | 'help' | null;

/**
 * Reads a compliance keyword: the whole message, trimmed, any case, trailing punctuation ignored
 * ("Stop." opts out; "please stop texting" does not, as with carriers' own handling).
 */
export function keywordOf(body: string): Keyword {
  const word = body.trim().replace(/[.!?]+$/, '').trim().toUpperCase();
  if (OPT_OUT_KEYWORDS.includes(word)) return 'opt-out';
  if (OPT_IN_KEYWORDS.includes(word)) return 'opt-in';
  if (HELP_KEYWORDS.includes(word)) return 'help';
  return null;
}

/** One attachment of an inbound message: a carrier URL to copy, or bytes we already have. */
export type InboundMediaInput = { url: string; contentType?: string | null } | { file: IncomingFile };

/** An inbound message as a carrier reports it. */
export interface InboundMessageInput {
  /** The carrier's message id (Twilio MessageSid): one stored message per id. */
  sid: string;
  /** Our tracking number, E.164. */
  to: string;
  /** The contact, E.164. */
  from: string;
  body: string;
  media?: InboundMediaInput[];
  receivedAt?: Date;
}

/** What happened to an inbound message. */
export interface InboundResult {
  outcome: 'stored' | 'duplicate' | 'unknown-number';
  messageId: string | null;
  businessId: string | null;
  keyword: Keyword;
}

interface PreparedMedia {
  contentType: string;
  filename: string;
  size: number;
  storageKey: string | null;
  carrierUrl: string | null;
}

async function prepareMedia(services: Services, businessId: string, items: InboundMediaInput[]): Promise<PreparedMedia[]> {
  const prepared: PreparedMedia[] = [];
  for (const [index, item] of items.entries()) {
    let file: IncomingFile | null = null;
    let carrierUrl: string | null = null;
    if ('file' in item) {
      file = item.file;
    } else {
      carrierUrl = item.url;
      try {
        const fetched = await fetchCarrierBytes(services, item.url);
        file = { filename: null, contentType: item.contentType || fetched.contentType, bytes: fetched.bytes };
      } catch (error) {
        // Keep the carrier URL: the public media route fetches it on first view instead.
        console.warn(`Inbound media ${index} could not be fetched now; it will be fetched when first viewed`, error);
      }
    }
    const declared = normalizeContentType(file?.contentType ?? ('url' in item ? item.contentType : null));
    // A type we would not send is still the customer's message: keep it as a download, never inline.
    const contentType = declared && isAllowedContentType(declared) ? declared : 'application/octet-stream';
    const storageKey = file ? await writeMediaBytes(services.config, businessId, file.bytes) : null;
    prepared.push({
      contentType,
      filename: safeFilename(file?.filename ?? `attachment-${index + 1}`, contentType),
      size: file?.bytes.byteLength ?? 0,
      storageKey,
      carrierUrl,
    });
  }
  return prepared;
}

/**
 * Stores an inbound message: files it under its thread (unread), charges the inbound rate, copies
 * its media, applies STOP/START keywords to the contact, and appends `message.created`,
 * `thread.updated` and `balance.updated`. A repeated carrier id is a no-op; a `to` that is not a
 * tracking number stores nothing.
 */
export async function receiveInboundMessage(services: Services, input: InboundMessageInput): Promise<InboundResult> {
  const keyword = keywordOf(input.body);
  const number = await services.db.trackingNumber.findUnique({ where: { e164: input.to } });
  if (!number) {
    console.warn(`Inbound message ${input.sid} to ${input.to}: not one of our tracking numbers; ignored`);
    return { outcome: 'unknown-number', messageId: null, businessId: null, keyword };
  }
  const { businessId } = number;
  const existing = await services.db.message.findUnique({ where: { carrierSid: input.sid }, select: { id: true } });
  if (existing) return { outcome: 'duplicate', messageId: existing.id, businessId, keyword };

  const media = await prepareMedia(services, businessId, input.media ?? []);
  const links = linksOf(services.config);
  const at = input.receivedAt ?? new Date();
  const segments = smsSegments(input.body);
  try {
    const result = await transact(services.db, async (tx): Promise<InboundResult> => {
      const again = await tx.message.findUnique({ where: { carrierSid: input.sid }, select: { id: true } });
      if (again) return { outcome: 'duplicate', messageId: again.id, businessId, keyword };
      const { threadId, contactId } = await recordActivity(tx, {
        businessId,
        contactE164: input.from,
        trackingNumberId: number.id,
        at,
        preview: {
          kind: media.length ? 'mms' : 'sms',
          direction: 'inbound',
          text: messagePreviewText(input.body, media.map((item) => item.contentType)),
        },
        unread: true,
      });
      const business = await tx.business.findUniqueOrThrow({ where: { id: businessId } });
      const cost = quoteCost({ segments: segments.segments, mediaCount: media.length, direction: 'inbound', rates: ratesOf(services.config, business) });
      const message = await tx.message.create({
        data: {
          businessId,
          threadId,
          trackingNumberId: number.id,
          direction: 'inbound',
          from: input.from,
          to: input.to,
          body: input.body,
          encoding: segments.encoding,
          segments: segments.segments,
          status: 'received',
          carrierSid: input.sid,
          cost,
          createdAt: at,
        },
      });
      for (const item of media) {
        await tx.media.create({ data: { businessId, messageId: message.id, publicToken: newPublicToken(), ...item } });
      }
      const charge = await chargeInbound(tx, {
        businessId,
        cost,
        messageId: message.id,
        description: `Inbound ${media.length ? 'MMS' : 'SMS'} from ${input.from}`,
      });
      if (keyword === 'opt-out' || keyword === 'opt-in') {
        const optedOut = keyword === 'opt-out';
        await tx.contact.updateMany({
          where: { id: contactId, optedOut: !optedOut },
          data: { optedOut, optedOutAt: optedOut ? at : null },
        });
      }
      const row = await tx.message.findUniqueOrThrow({ where: { id: message.id }, include: messageInclude });
      const thread = await tx.thread.findUniqueOrThrow({ where: { id: threadId }, include: threadInclude });
      await EventBus.append(tx, businessId, 'message.created', toMessageDto(links, row));
      await EventBus.append(tx, businessId, 'thread.updated', toThreadDto(thread));
      if (charge) await appendBalanceEvent(tx, businessId, charge);
      return { outcome: 'stored', messageId: message.id, businessId, keyword };
    });
    if (result.outcome === 'stored') services.bus.notify(businessId);
    else await removeMediaBytes(services.config, media.map((item) => item.storageKey));
    return result;
  } catch (error) {
    await removeMediaBytes(services.config, media.map((item) => item.storageKey));
    // Two deliveries of one message raced past the first check: the other one stored it.
    if (prismaCode(error) === 'P2002') {
      const winner = await services.db.message.findUnique({ where: { carrierSid: input.sid }, select: { id: true } });
      if (winner) return { outcome: 'duplicate', messageId: winner.id, businessId, keyword };
    }
    throw error;
  }
}
