import type { Page, Thread } from '@threadline/sdk';
import { digitsOf } from '@threadline/sdk/phone';
import { Prisma } from '../../db/generated/sqlite/client.ts';
import type { Db } from '../../db/client.ts';
import { invalid, notFound } from '../../errors.ts';
import { EventBus } from '../events/index.ts';
import { activityDay } from './activity.ts';
import { cursorDate, decodeCursor, encodeCursor } from './cursor.ts';
import { threadInclude, toThreadDto } from './dto.ts';

/** Largest and default page size of thread lists. */
export const THREAD_PAGE = { max: 100, default: 30 } as const;

/** What a thread list can be narrowed by; every field is optional and they combine with AND. */
export interface ThreadListOptions {
  /** Contact number (any run of digits, formatted or not) and/or saved name words. */
  q?: string;
  trackingNumberId?: string;
  callFlowId?: string;
  /** Only threads with a message or call at or after this instant (and, with `to`, inside the range). */
  from?: Date;
  /** Only threads with a message or call at or before this instant. */
  to?: Date;
  cursor?: string;
  limit?: number;
}

/**
 * How thread search may use the trigram index. SQLite needs the planner below; PostgreSQL's own
 * planner chooses between the GIN trigram index and the list index by its statistics.
 */
export interface SearchIndex {
  provider: 'sqlite' | 'postgres';
  /** Overrides SEARCH_CANDIDATE_LIMIT (tests use it to run both plans on a small database). */
  candidateLimit?: number;
}

/**
 * The most threads an SQLite search may take from the trigram index; a search whose terms match
 * more (in all businesses together) walks the thread list instead.
 *
 * The two plans cost opposite things. Walking the (businessId, lastActivityAt, id, searchText)
 * index newest first stops at the first full page, so it reads about page/share entries where
 * share is the fraction of the business's threads that match: instant for a broad term, the whole
 * business for a rare one. The trigram index finds every match at once, but each one is a row
 * lookup and they must be sorted by activity, so it costs in proportion to the matches. Measured
 * on the bench (100,000 threads, one business; walk vs index, ms): 46 matches 17.3 vs 0.5, 126
 * 6.7 vs 1.5, 521 1.6 vs 1.8, 606 1.0 vs 1.5, 1,287 1.3 vs 5.4, 2,341 0.3 vs 10.2. They cross
 * near 500 there. 1,000 caps the index plan at about 5 ms whatever the term, and leaves to the
 * walk only terms shared by 1 in 100 of a 100,000-thread business (about 3,000 index entries,
 * ~1 ms). The walk's share of the cost grows with the business and with filters that drop
 * matches (a number, a date range, a deep cursor), the index plan's does not, hence the bias
 * toward the index past the crossing point. The price is the count itself, paid by every search
 * with a 3+ character term: up to ~0.9 ms for a broad one ("8135", counted to the limit), so a
 * larger limit would slow broad searches to speed up middling ones.
 */
export const SEARCH_CANDIDATE_LIMIT = 1000;

/** A thread-list row as the page query selects it. */
interface PageRow {
  id: string;
  lastActivityAt: Date;
  previewKind: string;
  previewText: string;
  previewDirection: string;
  unreadCount: number;
  contactId: string;
  e164: string;
  name: string | null;
  optedOut: boolean;
  optedOutAt: Date | null;
}

/** A tracking number a listed thread used. */
interface LinkRow {
  threadId: string;
  lastActivityAt: Date;
  trackingNumberId: string;
  e164: string;
  friendlyName: string;
}

// Characters a phone number is written with; a query made only of these is one run of digits.
const PHONE_ONLY = /^[\d\s()+\-.]+$/;

/**
 * The substrings a search query must all match in the contact's search text (digits of the number,
 * then the lower-cased name; Thread.searchText is its copy). A query that is only a formatted number, "(813) 555-12" or "+1 813 555",
 * becomes one digit run, so the grouping a user typed doesn't matter; other queries match word by
 * word ("lopez maria" finds "Maria Lopez"). Returns null for a blank query.
 */
export function searchTerms(q: string | undefined): string[] | null {
  const text = (q ?? '').trim();
  if (!text) return null;
  const terms = PHONE_ONLY.test(text)
    ? [digitsOf(text)]
    : text.split(/\s+/).map((word) =>
        /\d/.test(word) && PHONE_ONLY.test(word) ? digitsOf(word) : word.toLowerCase().replace(/[%_\\]/g, ''),
      );
  const useful = [...new Set(terms.filter(Boolean))];
  if (!useful.length) throw invalid('q', 'q must contain part of a phone number or a name');
  return useful;
}

/**
 * SQLite only: an FTS5 MATCH expression for the trigram index that finds every thread (of every
 * business) that can match all the terms, or null when the walk is the better plan: together they
 * match `limit` threads or more, or no term is long enough to look up (the index holds
 * three-character runs, so a 1- or 2-character term can only be filtered, not looked up). The
 * terms stay in the page query as LIKE conditions, so the lookup needs to find every match, not to
 * be exact. Counting first (one row back, not up to `limit` ids through the driver) keeps a broad
 * search, which then walks, nearly as cheap as before the index.
 */
async function indexedSearch(db: Db, terms: string[], limit: number): Promise<{ match: string; count: number } | null> {
  // A phrase of a trigram table matches consecutive trigrams: exactly "contains this text"
  // (case-folded). Quotes inside a phrase are doubled.
  const phrases = terms.filter((term) => [...term].length >= 3).map((term) => `"${term.replaceAll('"', '""')}"`);
  if (!phrases.length) return null;
  const match = phrases.join(' AND ');
  const [row] = await db.$queryRaw<{ count: bigint | number }[]>(Prisma.sql`
    SELECT count(*) AS "count" FROM (SELECT 1 FROM "ThreadSearch" WHERE "ThreadSearch" MATCH ${match} LIMIT ${limit})`);
  const count = Number(row?.count ?? 0);
  return count < limit ? { match, count } : null;
}

/** The tracking numbers a filter allows, or null for no number filter; 422 names a foreign id. */
async function allowedNumberIds(db: Db, businessId: string, options: ThreadListOptions): Promise<string[] | null> {
  let ids: string[] | null = null;
  if (options.trackingNumberId) {
    const number = await db.trackingNumber.findFirst({ where: { id: options.trackingNumberId, businessId }, select: { id: true } });
    if (!number) throw invalid('trackingNumberId', "trackingNumberId is not one of this business's tracking numbers");
    ids = [number.id];
  }
  if (options.callFlowId) {
    const flow = await db.callFlow.findFirst({
      where: { id: options.callFlowId, businessId },
      select: { trackingNumbers: { select: { id: true } } },
    });
    if (!flow) throw invalid('callFlowId', "callFlowId is not one of this business's call flows");
    const inFlow = flow.trackingNumbers.map((number) => number.id);
    ids = ids ? ids.filter((id) => inFlow.includes(id)) : inFlow;
  }
  return ids;
}

/**
 * One page of a business's threads, newest activity first.
 *
 * Paging is keyset paging on (lastActivityAt, id): the cursor is the last row returned, and the next
 * page holds the rows strictly below it. While a client pages, new activity only moves a thread UP
 * (lastActivityAt never goes backwards), so a thread that gets new activity jumps above the cursor:
 * it is never repeated on a later page and never pushes another thread off one. The client learns
 * about it from the `thread.updated` live event (or a fresh first page), which is where it now sits.
 *
 * With `from`/`to`, a thread matches when one of its messages or calls happened in the range; with
 * a tracking-number or call-flow filter as well, that activity must have been on those numbers.
 */
export async function listThreads(db: Db, businessId: string, options: ThreadListOptions, index: SearchIndex): Promise<Page<Thread>> {
  const limit = options.limit ?? THREAD_PAGE.default;
  if (!Number.isInteger(limit) || limit < 1 || limit > THREAD_PAGE.max) {
    throw invalid('limit', `limit must be a whole number from 1 to ${THREAD_PAGE.max}`);
  }
  if (options.from && options.to && options.from > options.to) throw invalid('from', 'from must not be after to');
  const terms = searchTerms(options.q);
  const numberIds = await allowedNumberIds(db, businessId, options);
  if (numberIds && numberIds.length === 0) return { items: [], nextCursor: null };

  const conditions: Prisma.Sql[] = [Prisma.sql`t."businessId" = ${businessId}`];
  if (options.cursor) {
    const position = decodeCursor(options.cursor, ['at', 'id']);
    const at = cursorDate(position.at);
    // The `<=` bound lets the database walk the (businessId, lastActivityAt, id) index from the cursor.
    conditions.push(Prisma.sql`t."lastActivityAt" <= ${at} AND (t."lastActivityAt" < ${at} OR t."id" < ${position.id})`);
  }
  // A search either filters the (businessId, lastActivityAt, id, searchText) index while walking it
  // newest first (a broad search stops at the first full page, and no table row that does not
  // match is read), or, for rare terms on SQLite, reads only the rows the trigram index found (see
  // SEARCH_CANDIDATE_LIMIT). Either way the LIKE conditions decide.
  const search = (terms ?? []).map((term) => Prisma.sql`t."searchText" LIKE ${`%${term}%`}`);
  const indexed = terms && index.provider === 'sqlite' ? await indexedSearch(db, terms, index.candidateLimit ?? SEARCH_CANDIDATE_LIMIT) : null;
  if (indexed) {
    if (indexed.count === 0) return { items: [], nextCursor: null };
    // SQLite plans this as rowid lookups of the index's matches, then a sort of those few rows.
    conditions.push(Prisma.sql`t."rowid" IN (SELECT "rowid" FROM "ThreadSearch" WHERE "ThreadSearch" MATCH ${indexed.match})`);
  }
  // Conditions that read the row or other tables; they come after every check on the index entry.
  const probes: Prisma.Sql[] = [];
  const onNumbers = (alias: string) =>
    numberIds ? Prisma.sql` AND ${Prisma.raw(alias)}."trackingNumberId" IN (${Prisma.join(numberIds)})` : Prisma.empty;
  const { from, to } = options;
  if (from || to) {
    // A thread (and a thread's number) keeps the time of its oldest and newest event, so most of a
    // range is decided by those two alone, reading no event:
    //   - "activity at or after `from`" is exactly lastActivityAt >= from,
    //   - "activity at or before `to`" is exactly firstActivityAt <= to,
    //   - for both, a first or last activity inside the range is a hit.
    // Only a thread active both before and after the range needs its events read, to tell activity
    // inside the range from a gap across it. Threads that started after the range (most of a busy
    // inbox, for a past range) are skipped by firstActivityDay inside the list index, before their
    // row is read.
    if (from) conditions.push(Prisma.sql`t."lastActivityAt" >= ${from}`);
    if (to) conditions.push(Prisma.sql`t."firstActivityDay" <= ${activityDay(to)}`);
    // (With a number filter the exact bound is the thread number's, below: checking the thread's
    // here too would read the row of every thread that merely started early enough.)
    if (to && !numberIds) probes.push(Prisma.sql`t."firstActivityAt" <= ${to}`);
    // With both bounds, a thread (or thread number) `alias` is a hit when its first or last
    // activity falls inside the range, or else when one of its events (`scope` narrows them to
    // the number) does. CASE makes the bounds decide before any event index is read.
    const inRange = (alias: string, threadId: string, scope: (event: string) => Prisma.Sql, from: Date, to: Date) => {
      const a = Prisma.raw(alias);
      const id = Prisma.raw(threadId);
      return Prisma.sql`CASE WHEN ${a}."lastActivityAt" <= ${to} OR ${a}."firstActivityAt" >= ${from} THEN TRUE ELSE (
        EXISTS (SELECT 1 FROM "Message" m WHERE m."threadId" = ${id} AND m."createdAt" >= ${from} AND m."createdAt" <= ${to}${scope('m')})
        OR EXISTS (SELECT 1 FROM "Call" k WHERE k."threadId" = ${id} AND k."startedAt" >= ${from} AND k."startedAt" <= ${to}${scope('k')})
      ) END`;
    };
    if (numberIds) {
      // The same per number: one of the filter's numbers was used inside the range.
      const onNumber = [
        ...(from ? [Prisma.sql`n."lastActivityAt" >= ${from}`] : []),
        ...(to ? [Prisma.sql`n."firstActivityAt" <= ${to}`] : []),
        ...(from && to ? [inRange('n', 'n."threadId"', (e) => Prisma.sql` AND ${Prisma.raw(e)}."trackingNumberId" = n."trackingNumberId"`, from, to)] : []),
      ];
      probes.push(
        Prisma.sql`EXISTS (SELECT 1 FROM "ThreadNumber" n WHERE n."threadId" = t."id"${onNumbers('n')} AND ${Prisma.join(onNumber, ' AND ')})`,
      );
    } else if (from && to) {
      probes.push(inRange('t', 't."id"', () => Prisma.empty, from, to));
    }
  } else if (numberIds) {
    probes.push(Prisma.sql`EXISTS (SELECT 1 FROM "ThreadNumber" n WHERE n."threadId" = t."id"${onNumbers('n')})`);
  }
  // SQLite tests the terms in this order: the cheap date checks first, then the substring search,
  // then the row and the probes.
  conditions.push(...search, ...probes);

  // Two queries a page: the rows with their contacts, then the numbers each used. (Prisma's
  // include would take four round trips; at thread-list rates that is most of the cost.)
  const rows = await db.$queryRaw<PageRow[]>(Prisma.sql`
    SELECT t."id", t."lastActivityAt", t."previewKind", t."previewText", t."previewDirection", t."unreadCount",
      c."id" AS "contactId", c."e164", c."name", c."optedOut", c."optedOutAt"
    FROM "Thread" t JOIN "Contact" c ON c."id" = t."contactId"
    WHERE ${Prisma.join(conditions, ' AND ')}
    ORDER BY t."lastActivityAt" DESC, t."id" DESC
    LIMIT ${limit + 1}`);
  const page = rows.slice(0, limit);
  const links = page.length
    ? await db.$queryRaw<LinkRow[]>(Prisma.sql`
        SELECT n."threadId", n."lastActivityAt", n."trackingNumberId", tn."e164", tn."friendlyName"
        FROM "ThreadNumber" n JOIN "TrackingNumber" tn ON tn."id" = n."trackingNumberId"
        WHERE n."threadId" IN (${Prisma.join(page.map((row) => row.id))})`)
    : [];
  const items = page.map((row) =>
    toThreadDto({
      ...row,
      contact: { id: row.contactId, e164: row.e164, name: row.name, optedOut: row.optedOut, optedOutAt: row.optedOutAt },
      // Most recently used number first, as the thread include orders them.
      numbers: links
        .filter((link) => link.threadId === row.id)
        .sort((x, y) => y.lastActivityAt.getTime() - x.lastActivityAt.getTime())
        .map((link) => ({ trackingNumber: { id: link.trackingNumberId, e164: link.e164, friendlyName: link.friendlyName } })),
    }),
  );
  const last = items.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor({ at: last.lastActivityAt, id: last.id }) : null;
  return { items, nextCursor };
}

/** One thread of a business; another business's id is a 404 like a missing one. */
export async function getThread(db: Db, businessId: string, threadId: string): Promise<Thread> {
  const row = await db.thread.findFirst({ where: { id: threadId, businessId }, include: threadInclude });
  if (!row) throw notFound('Thread', threadId);
  return toThreadDto(row);
}

/**
 * Marks a thread read (unread count zero) and tells every open inbox of the business through a
 * `thread.updated` event written in the same transaction.
 */
export async function markThreadRead(db: Db, bus: EventBus, businessId: string, threadId: string): Promise<Thread> {
  const thread = await db.$transaction(async (tx) => {
    const { count } = await tx.thread.updateMany({ where: { id: threadId, businessId }, data: { unreadCount: 0 } });
    if (count === 0) throw notFound('Thread', threadId);
    const dto = toThreadDto(await tx.thread.findUniqueOrThrow({ where: { id: threadId }, include: threadInclude }));
    await EventBus.append(tx, businessId, 'thread.updated', dto);
    return dto;
  });
  bus.notify(businessId);
  return thread;
}
