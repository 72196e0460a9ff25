import type { ThreadPreview } from '@threadline/sdk';
import { digitsOf } from '@threadline/sdk/phone';
import type { Db } from '../../db/client.ts';

/** A Prisma client or interactive transaction client. */
export type Tx = Omit<Db, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

/** Lower-cased name plus the number's digits: what thread search matches against. */
export function contactSearchText(e164: string, name: string | null | undefined): string {
  return `${digitsOf(e164)} ${(name ?? '').toLowerCase()}`.trim();
}

/** The UTC day number (days since 1970-01-01) of an instant: Thread.firstActivityDay. */
export function activityDay(at: Date): number {
  return Math.floor(at.getTime() / 86_400_000);
}

export interface ActivityInput {
  businessId: string;
  contactE164: string;
  trackingNumberId: string;
  at: Date;
  preview: ThreadPreview;
  /** Inbound activity the user has not seen bumps the unread count. */
  unread: boolean;
}

/**
 * Files one event under its thread: creates the contact and thread on first contact, moves the
 * thread's latest activity and preview forward (never backward: a late webhook for an old event
 * leaves a newer preview alone), moves its first activity back for an event older than any before,
 * and remembers which tracking number was involved, with the same first/last bounds per number.
 * `at` must be the event's own time (Message.createdAt, Call.startedAt): the date-range thread
 * filter trusts these bounds. Anything that writes messages or calls without this function (bulk
 * loaders) must keep Thread and ThreadNumber first/lastActivityAt equal to the min/max of them
 * (and Thread.firstActivityDay equal to activityDay(firstActivityAt)).
 * Runs inside the caller's transaction so the event and its thread change together.
 */
export async function recordActivity(tx: Tx, input: ActivityInput): Promise<{ threadId: string; contactId: string }> {
  const contact = await tx.contact.upsert({
    where: { businessId_e164: { businessId: input.businessId, e164: input.contactE164 } },
    create: { businessId: input.businessId, e164: input.contactE164, searchText: contactSearchText(input.contactE164, null) },
    update: {},
  });
  const existing = await tx.thread.findUnique({ where: { contactId: contact.id } });
  let threadId: string;
  if (!existing) {
    const thread = await tx.thread.create({
      data: {
        businessId: input.businessId,
        contactId: contact.id,
        lastActivityAt: input.at,
        firstActivityAt: input.at,
        firstActivityDay: activityDay(input.at),
        previewKind: input.preview.kind,
        previewText: input.preview.text,
        previewDirection: input.preview.direction,
        unreadCount: input.unread ? 1 : 0,
        searchText: contact.searchText,
      },
    });
    threadId = thread.id;
  } else {
    threadId = existing.id;
    const newer = input.at.getTime() >= existing.lastActivityAt.getTime();
    await tx.thread.update({
      where: { id: existing.id },
      data: {
        ...(newer
          ? { lastActivityAt: input.at, previewKind: input.preview.kind, previewText: input.preview.text, previewDirection: input.preview.direction }
          : {}),
        ...(input.at < existing.firstActivityAt ? { firstActivityAt: input.at, firstActivityDay: activityDay(input.at) } : {}),
        ...(input.unread ? { unreadCount: { increment: 1 } } : {}),
      },
    });
  }
  const link = await tx.threadNumber.findUnique({
    where: { threadId_trackingNumberId: { threadId, trackingNumberId: input.trackingNumberId } },
  });
  if (!link) {
    await tx.threadNumber.create({
      data: { threadId, trackingNumberId: input.trackingNumberId, firstActivityAt: input.at, lastActivityAt: input.at },
    });
  } else if (input.at > link.lastActivityAt || input.at < link.firstActivityAt) {
    await tx.threadNumber.update({
      where: { threadId_trackingNumberId: { threadId, trackingNumberId: input.trackingNumberId } },
      data: input.at > link.lastActivityAt ? { lastActivityAt: input.at } : { firstActivityAt: input.at },
    });
  }
  return { threadId, contactId: contact.id };
}

/** "0:42", "3:05", "1:02:09". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** The thread-row preview of a call outcome. */
export function callPreviewText(status: string, durationSeconds: number, recordingSeconds: number | null): string {
  switch (status) {
    case 'answered':
      return durationSeconds > 0 ? `Call ${formatDuration(durationSeconds)}` : 'Answered call';
    case 'missed':
      return 'Missed call';
    case 'voicemail':
      return `Voicemail ${formatDuration(recordingSeconds ?? durationSeconds)}`;
    case 'failed':
      return 'Failed call';
    case 'busy':
      return 'Busy';
    case 'no-answer':
      return 'No answer';
    case 'canceled':
      return 'Canceled call';
    default:
      return 'Call in progress';
  }
}

/** The thread-row preview of a message: its text, or the kind of its first attachment. */
export function messagePreviewText(body: string, mediaTypes: string[]): string {
  const text = body.trim().replace(/\s+/g, ' ');
  if (text) return text.length > 140 ? `${text.slice(0, 139)}…` : text;
  const first = mediaTypes[0];
  if (!first) return '';
  if (first.startsWith('image/')) return mediaTypes.length > 1 ? `${mediaTypes.length} photos` : 'Photo';
  if (first.startsWith('audio/')) return 'Audio';
  if (first.startsWith('video/')) return 'Video';
  return 'File';
}
