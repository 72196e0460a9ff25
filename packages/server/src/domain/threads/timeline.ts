import type { Page, TimelineItem } from '@threadline/sdk';
import type { Db } from '../../db/client.ts';
import { Prisma } from '../../db/generated/sqlite/client.ts';
import { invalid, notFound } from '../../errors.ts';
import { cursorDate, decodeCursor, encodeCursor } from './cursor.ts';
import { toCallDto, toMessageDto, type LinkContext } from './dto.ts';

/** Largest and default page size of a timeline. */
export const TIMELINE_PAGE = { max: 100, default: 30 } as const;

type Kind = TimelineItem['kind'];

/**
 * The timeline's total order, newest first: occurredAt descending, then kind ('message' before
 * 'call' at the same instant), then id descending. Every item has a distinct position, so a cursor
 * (the last item's occurredAt, kind, id) says exactly where the next page starts.
 */
function compareNewestFirst(a: TimelineItem, b: TimelineItem): number {
  if (a.occurredAt !== b.occurredAt) return a.occurredAt < b.occurredAt ? 1 : -1;
  if (a.kind !== b.kind) return a.kind < b.kind ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * Keyset condition "strictly after the cursor in timeline order" for one kind's table, whose time
 * column is `createdAt` (messages) or `startedAt` (calls). The `<=` bound lets the database walk
 * the (threadId, time, id) index from the cursor.
 */
function afterCursor(kind: Kind, alias: string, cursor: { at: Date; kind: Kind; id: string } | null): Prisma.Sql {
  if (!cursor) return Prisma.empty;
  const time = Prisma.raw(`${alias}."${kind === 'message' ? 'createdAt' : 'startedAt'}"`);
  const id = Prisma.raw(`${alias}."id"`);
  if (kind === cursor.kind) return Prisma.sql` AND ${time} <= ${cursor.at} AND (${time} < ${cursor.at} OR ${id} < ${cursor.id})`;
  // At the cursor's instant messages sort before calls: after a call cursor no message at that
  // instant is left; after a message cursor every call at that instant is still to come.
  return cursor.kind === 'call' ? Prisma.sql` AND ${time} < ${cursor.at}` : Prisma.sql` AND ${time} <= ${cursor.at}`;
}

type MessageRow = Omit<Parameters<typeof toMessageDto>[1], 'trackingNumber' | 'media'> & { trackingNumberId: string; numberE164: string; friendlyName: string };
type CallRow = Omit<Parameters<typeof toCallDto>[1], 'trackingNumber'> & { trackingNumberId: string; numberE164: string; friendlyName: string };
type MediaRow = Parameters<typeof toMessageDto>[1]['media'][number] & { messageId: string };

/**
 * One page of a thread's messages and calls merged, newest first, paging backwards in time.
 * Reads `limit + 1` of each kind from its (threadId, time, id) index and merges them, so a page
 * costs two index range scans however long the thread is.
 */
export async function threadTimeline(
  db: Db,
  links: LinkContext,
  businessId: string,
  threadId: string,
  options: { cursor?: string; limit?: number } = {},
): Promise<Page<TimelineItem>> {
  const limit = options.limit ?? TIMELINE_PAGE.default;
  if (!Number.isInteger(limit) || limit < 1 || limit > TIMELINE_PAGE.max) {
    throw invalid('limit', `limit must be a whole number from 1 to ${TIMELINE_PAGE.max}`);
  }
  let cursor: { at: Date; kind: Kind; id: string } | null = null;
  if (options.cursor) {
    const position = decodeCursor(options.cursor, ['at', 'kind', 'id']);
    if (position.kind !== 'message' && position.kind !== 'call') throw invalid('cursor', 'cursor is not a cursor this endpoint returned');
    cursor = { at: cursorDate(position.at), kind: position.kind, id: position.id };
  }
  // Plain SQL with the tracking number joined: three round trips a page instead of Prisma's six.
  // The thread check runs alongside; rows of a thread that is not this business's are discarded.
  const [thread, messages, calls] = await Promise.all([
    db.$queryRaw<{ id: string }[]>(Prisma.sql`SELECT t."id" FROM "Thread" t WHERE t."id" = ${threadId} AND t."businessId" = ${businessId}`),
    db.$queryRaw<MessageRow[]>(Prisma.sql`
      SELECT m."id", m."threadId", m."direction", m."from", m."to", m."body", m."encoding", m."segments", m."status", m."errorCode",
        m."errorMessage", m."cost", m."senderUserId", m."createdAt", m."updatedAt",
        m."trackingNumberId", n."e164" AS "numberE164", n."friendlyName"
      FROM "Message" m JOIN "TrackingNumber" n ON n."id" = m."trackingNumberId"
      WHERE m."threadId" = ${threadId}${afterCursor('message', 'm', cursor)}
      ORDER BY m."createdAt" DESC, m."id" DESC
      LIMIT ${limit + 1}`),
    db.$queryRaw<CallRow[]>(Prisma.sql`
      SELECT k."id", k."threadId", k."direction", k."from", k."to", k."status", k."durationSeconds", k."recordingUrl",
        k."recordingDurationSeconds", k."startedAt", k."updatedAt",
        k."trackingNumberId", n."e164" AS "numberE164", n."friendlyName"
      FROM "Call" k JOIN "TrackingNumber" n ON n."id" = k."trackingNumberId"
      WHERE k."threadId" = ${threadId}${afterCursor('call', 'k', cursor)}
      ORDER BY k."startedAt" DESC, k."id" DESC
      LIMIT ${limit + 1}`),
  ]);
  if (!thread.length) throw notFound('Thread', threadId);
  const numberOf = (row: { trackingNumberId: string; numberE164: string; friendlyName: string }) => ({
    id: row.trackingNumberId,
    e164: row.numberE164,
    friendlyName: row.friendlyName,
  });
  const media = messages.length
    ? await db.$queryRaw<MediaRow[]>(Prisma.sql`
        SELECT d."id", d."messageId", d."contentType", d."filename", d."size", d."publicToken"
        FROM "Media" d WHERE d."messageId" IN (${Prisma.join(messages.map((row) => row.id))})
        ORDER BY d."createdAt" ASC, d."id" ASC`)
    : [];
  const merged: TimelineItem[] = [
    ...messages.map((row) => toMessageDto(links, { ...row, trackingNumber: numberOf(row), media: media.filter((item) => item.messageId === row.id) })),
    ...calls.map((row) => toCallDto(links, { ...row, trackingNumber: numberOf(row) })),
  ].sort(compareNewestFirst);
  const items = merged.slice(0, limit);
  const last = items.at(-1);
  const nextCursor = merged.length > limit && last ? encodeCursor({ at: last.occurredAt, kind: last.kind, id: last.id }) : null;
  return { items, nextCursor };
}
