import type { Call, Contact, Media, Message, Thread, TrackingNumberRef } from '@threadline/sdk';
import { createHmac } from 'node:crypto';
import type { Prisma } from '../../db/client.ts';
import { displayNumber } from '../numbers/display.ts';

/** What building public links needs: the server's public URL and its secret (for signed recording links). */
export interface LinkContext {
  publicUrl: string;
  secret: string;
}

/** The relations a message row needs to become a `Message`. */
export const messageInclude = { trackingNumber: true, media: true } satisfies Prisma.MessageInclude;
/** The relations a call row needs to become a `Call`. */
export const callInclude = { trackingNumber: true } satisfies Prisma.CallInclude;
/** The relations a thread row needs to become a `Thread`. */
export const threadInclude = {
  contact: true,
  numbers: { include: { trackingNumber: true }, orderBy: { lastActivityAt: 'desc' } },
} satisfies Prisma.ThreadInclude;

// The columns each DTO reads, so a row from a hand-written query (thread list, timeline) converts too.
type MessageRow = Pick<
  Prisma.MessageGetPayload<object>,
  'id' | 'threadId' | 'direction' | 'from' | 'to' | 'body' | 'encoding' | 'segments' | 'status' | 'errorCode' | 'errorMessage' | 'cost' | 'senderUserId' | 'createdAt' | 'updatedAt'
> & { trackingNumber: TrackingNumberRow; media: MediaRow[] };
type CallRow = Pick<
  Prisma.CallGetPayload<object>,
  'id' | 'threadId' | 'direction' | 'from' | 'to' | 'status' | 'durationSeconds' | 'recordingUrl' | 'recordingDurationSeconds' | 'startedAt' | 'updatedAt'
> & { trackingNumber: TrackingNumberRow };
type ThreadRow = Pick<Prisma.ThreadGetPayload<object>, 'id' | 'lastActivityAt' | 'previewKind' | 'previewText' | 'previewDirection' | 'unreadCount'> & {
  contact: ContactRow;
  numbers: { trackingNumber: TrackingNumberRow }[];
};
type MediaRow = Pick<Prisma.MediaGetPayload<object>, 'id' | 'contentType' | 'filename' | 'size' | 'publicToken'>;
type ContactRow = Pick<Prisma.ContactGetPayload<object>, 'id' | 'e164' | 'name' | 'optedOut' | 'optedOutAt'>;
type TrackingNumberRow = Pick<Prisma.TrackingNumberGetPayload<object>, 'id' | 'e164' | 'friendlyName'>;

/** The short tracking-number reference used in rows. */
export function toTrackingNumberRef(row: TrackingNumberRow): TrackingNumberRef {
  return { id: row.id, e164: row.e164, display: displayNumber(row.e164), friendlyName: row.friendlyName };
}

/** The URL a browser (or the carrier, for outbound MMS) fetches media from: unguessable, no credentials. */
export function mediaUrl(publicUrl: string, row: Pick<MediaRow, 'publicToken' | 'filename'>): string {
  return `${publicUrl}/media/${row.publicToken}/${encodeURIComponent(row.filename)}`;
}

export function toMediaDto(publicUrl: string, row: MediaRow): Media {
  return { id: row.id, contentType: row.contentType, filename: row.filename, size: row.size, url: mediaUrl(publicUrl, row) };
}

export function toContactDto(row: ContactRow): Contact {
  return { id: row.id, e164: row.e164, display: displayNumber(row.e164), name: row.name, optedOut: row.optedOut, optedOutAt: row.optedOutAt?.toISOString() ?? null };
}

export function toMessageDto(links: LinkContext, row: MessageRow): Message {
  return {
    kind: 'message',
    id: row.id,
    threadId: row.threadId,
    direction: row.direction as Message['direction'],
    trackingNumber: toTrackingNumberRef(row.trackingNumber),
    from: row.from,
    fromDisplay: displayNumber(row.from),
    to: row.to,
    toDisplay: displayNumber(row.to),
    body: row.body,
    encoding: row.encoding as Message['encoding'],
    segments: row.segments,
    status: row.status as Message['status'],
    errorCode: row.errorCode,
    errorMessage: row.errorMessage,
    cost: row.cost,
    media: row.media.map((media) => toMediaDto(links.publicUrl, media)),
    senderUserId: row.senderUserId,
    occurredAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Signature of a recording link: a capability URL, so an <audio> element can play it without headers. */
export function recordingSignature(secret: string, callId: string): string {
  return createHmac('sha256', secret).update(`recording:${callId}`).digest('base64url');
}

export function toCallDto(links: LinkContext, row: CallRow): Call {
  return {
    kind: 'call',
    id: row.id,
    threadId: row.threadId,
    direction: row.direction as Call['direction'],
    trackingNumber: toTrackingNumberRef(row.trackingNumber),
    from: row.from,
    fromDisplay: displayNumber(row.from),
    to: row.to,
    toDisplay: displayNumber(row.to),
    status: row.status as Call['status'],
    durationSeconds: row.durationSeconds,
    // Recordings are served through the server, so a host page never needs carrier credentials.
    recording: row.recordingUrl
      ? {
          url: `${links.publicUrl}/recordings/${row.id}?sig=${recordingSignature(links.secret, row.id)}`,
          durationSeconds: row.recordingDurationSeconds,
        }
      : null,
    occurredAt: row.startedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toThreadDto(row: ThreadRow): Thread {
  return {
    id: row.id,
    contact: toContactDto(row.contact),
    preview: {
      kind: row.previewKind as Thread['preview']['kind'],
      direction: row.previewDirection as Thread['preview']['direction'],
      text: row.previewText,
    },
    lastActivityAt: row.lastActivityAt.toISOString(),
    unreadCount: row.unreadCount,
    trackingNumbers: row.numbers.map((link) => toTrackingNumberRef(link.trackingNumber)),
  };
}
