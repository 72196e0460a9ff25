// Folding accepted inbound texts (inbox rows) into contacts, threads, messages, charges and events:
// a whole batch of plain SMS in one transaction with a fixed number of queries, whatever the batch
// size, with exactly the results `receiveInboundMessage` gives one message at a time.
import { randomBytes } from 'node:crypto';
import { quoteCost, smsSegments } from '@threadline/sdk';
import { toE164 } from '@threadline/sdk/phone';
import { dbTime, jsonRows } from '../../db/bulk.ts';
import { Prisma } from '../../db/generated/sqlite/client.ts';
import { providerOf } from '../../db/client.ts';
import type { Services } from '../../services.ts';
import { ratesOf } from '../billing/index.ts';
import { lockEventLogs } from '../events/index.ts';
import { activityDay, contactSearchText, messagePreviewText, type Tx } from '../threads/activity.ts';
import { toMessageDto, toThreadDto } from '../threads/dto.ts';
import { linksOf } from './status.ts';
import { keywordOf } from './inbound.ts';
import { transact } from './transaction.ts';

/** What folding decided for one inbox row. */
export type FoldOutcome = 'stored' | 'duplicate' | 'unknown-number';

/** An inbox row as the fold reads it. */
export interface InboxRow {
  id: number;
  carrierSid: string;
  /** The webhook's form fields. */
  params: Record<string, string>;
  receivedAt: Date;
}

/** The field a payload that is not JSON form fields is read as: folding such a row throws. */
export const DAMAGED = '__damaged_payload';

/** An E.164 number from a webhook field, or null for short codes and alphanumeric senders. */
export function webhookPhone(value: string | undefined): string | null {
  return value?.startsWith('+') ? toE164(value) : null;
}

/** How many attachments a webhook announces (Twilio's NumMedia). */
export function mediaCountOf(params: Record<string, string>): number {
  const count = Number(params.NumMedia ?? 0);
  return Number.isInteger(count) && count > 0 ? count : 0;
}

interface Parsed {
  row: InboxRow;
  from: string;
  to: string;
  body: string;
}

interface ThreadState {
  lastActivityAt: Date;
  previewText: string;
  previewKind: string;
  previewDirection: string;
  /** Its tracking numbers with the latest time each was used, for the thread's number list. */
  numbers: Map<string, { at: Date; number: { id: string; e164: string; friendlyName: string } }>;
}

let idCounter = 0;

/** A new row id in the shape of Prisma's cuid() (the fold writes rows without Prisma's defaults). */
export function newRowId(): string {
  idCounter = (idCounter + 1) % 1_679_616;
  return `c${Date.now().toString(36)}${idCounter.toString(36).padStart(4, '0')}${randomBytes(8).toString('hex').slice(0, 12)}`;
}

/**
 * Folds inbox rows that carry no media, all in one transaction, and returns each row's outcome.
 * The caller marks the rows folded inside the same transaction through `markFolded`, so a crash
 * either keeps everything or nothing. Throws if any row cannot be folded (the caller then retries
 * the rows one at a time to find it). The number of statements does not grow with the batch:
 * reads of the numbers, duplicates, contacts, rates and threads, then one statement each for new
 * contacts, new threads, moved threads, number links, messages, ledger entries and events, one
 * balance update per business and one contact update per STOP/START that changed something.
 */
export async function foldSmsBatch(
  services: Services,
  rows: InboxRow[],
  markFolded: (tx: Tx, outcomes: Map<number, FoldOutcome>) => Promise<void>,
): Promise<{ outcomes: Map<number, FoldOutcome>; businessIds: Set<string> }> {
  const provider = providerOf(services.config.databaseUrl);
  const time = (date: Date) => dbTime(date, provider);
  const links = linksOf(services.config);
  const parsed: Parsed[] = [];
  const outcomes = new Map<number, FoldOutcome>();
  for (const row of rows) {
    if (DAMAGED in row.params || typeof row.params.From !== 'string' || typeof row.params.To !== 'string' || typeof (row.params.Body ?? '') !== 'string') {
      throw new Error(`Inbox row ${row.id} (${row.carrierSid}) does not hold a webhook's form fields`);
    }
    const from = webhookPhone(row.params.From);
    const to = webhookPhone(row.params.To);
    if (!from || !to) outcomes.set(row.id, 'unknown-number');
    else parsed.push({ row, from, to, body: row.params.Body ?? '' });
  }

  return transact(services.db, async (tx) => {
    const result = new Map(outcomes);
    const businessIds = new Set<string>();
    const now = new Date();
    const numbers = await tx.trackingNumber.findMany({ where: { e164: { in: [...new Set(parsed.map((p) => p.to))] } } });
    const numberOf = new Map(numbers.map((number) => [number.e164, number]));
    const existing = parsed.length
      ? await tx.message.findMany({ where: { carrierSid: { in: parsed.map((p) => p.row.carrierSid) } }, select: { carrierSid: true } })
      : [];
    const stored = new Set(existing.map((message) => message.carrierSid));
    const toStore = parsed.filter((p) => {
      if (!numberOf.has(p.to)) {
        console.warn(`Inbound message ${p.row.carrierSid} to ${p.to}: not one of our tracking numbers; ignored`);
        result.set(p.row.id, 'unknown-number');
        return false;
      }
      if (stored.has(p.row.carrierSid)) {
        result.set(p.row.id, 'duplicate');
        return false;
      }
      result.set(p.row.id, 'stored');
      return true;
    });
    if (toStore.length === 0) {
      await markFolded(tx, result);
      return { outcomes: result, businessIds };
    }

    // Contacts: the missing ones inserted in one statement (one another process inserted meanwhile
    // is skipped), then all read back.
    const contactKey = (businessId: string, e164: string) => `${businessId} ${e164}`;
    const wanted = new Map<string, { businessId: string; e164: string }>();
    for (const p of toStore) {
      const businessId = numberOf.get(p.to)!.businessId;
      wanted.set(contactKey(businessId, p.from), { businessId, e164: p.from });
    }
    const byBusiness = groupBy([...wanted.values()], (c) => c.businessId);
    const contactWhere = { OR: [...byBusiness].map(([businessId, list]) => ({ businessId, e164: { in: list.map((c) => c.e164) } })) };
    let contacts = await tx.contact.findMany({ where: contactWhere });
    const known = new Set(contacts.map((contact) => contactKey(contact.businessId, contact.e164)));
    const missing = [...wanted].filter(([key]) => !known.has(key)).map(([, c]) => c);
    if (missing.length) {
      const source = jsonRows(
        [['id', 'TEXT'], ['businessId', 'TEXT'], ['e164', 'TEXT'], ['searchText', 'TEXT'], ['at', 'TIMESTAMP(3)']],
        missing.map((c) => ({ id: newRowId(), businessId: c.businessId, e164: c.e164, searchText: contactSearchText(c.e164, null), at: time(now) })),
        provider,
      );
      await tx.$executeRaw`INSERT INTO "Contact" ("id", "businessId", "e164", "searchText", "optedOut", "createdAt", "updatedAt")
        SELECT v."id", v."businessId", v."e164", v."searchText", false, v."at", v."at" FROM ${source} WHERE true
        ON CONFLICT ("businessId", "e164") DO NOTHING`;
      contacts = await tx.contact.findMany({ where: contactWhere });
    }
    const contactOf = new Map(contacts.map((contact) => [contactKey(contact.businessId, contact.e164), contact]));

    // Each message in acceptance order, with what it costs and which thread it lands in.
    const businesses = await tx.business.findMany({ where: { id: { in: [...byBusiness.keys()] } } });
    const rates = new Map(businesses.map((business) => [business.id, ratesOf(services.config, business)]));
    const items = toStore.map((p) => {
      const number = numberOf.get(p.to)!;
      const contact = contactOf.get(contactKey(number.businessId, p.from))!;
      const segments = smsSegments(p.body);
      const cost = quoteCost({ segments: segments.segments, mediaCount: 0, direction: 'inbound', rates: rates.get(number.businessId)! });
      const at = p.row.receivedAt;
      return { ...p, number, contact, segments, cost, at, preview: messagePreviewText(p.body, []), keyword: keywordOf(p.body), messageId: newRowId() };
    });

    // Threads: the existing ones move forward in one statement, the new ones are inserted in one.
    const before = await tx.thread.findMany({
      where: { contactId: { in: [...new Set(items.map((item) => item.contact.id))] } },
      include: { numbers: { include: { trackingNumber: true } } },
    });
    const threadOfContact = new Map(before.map((thread) => [thread.contactId, thread]));
    const perContact = groupBy(items, (item) => item.contact.id);
    const created: Record<string, unknown>[] = [];
    const moved: Record<string, unknown>[] = [];
    const threadIdOf = new Map<string, string>();
    const finalUnread = new Map<string, number>();
    for (const [contactId, list] of perContact) {
      // The newest message gives the preview; of equal times, the one accepted last (as one at a time would).
      const latest = list.reduce((best, item) => (item.at.getTime() >= best.at.getTime() ? item : best));
      // The oldest keeps the thread's first activity (a late webhook for an old text moves it back).
      const first = list.reduce((best, item) => (item.at.getTime() < best.at.getTime() ? item : best)).at;
      const thread = threadOfContact.get(contactId);
      if (thread) {
        threadIdOf.set(contactId, thread.id);
        moved.push({ id: thread.id, n: list.length, at: time(latest.at), text: latest.preview, first: time(first), firstDay: activityDay(first) });
      } else {
        const id = newRowId();
        threadIdOf.set(contactId, id);
        finalUnread.set(id, list.length);
        created.push({
          id,
          businessId: latest.number.businessId,
          contactId,
          at: time(latest.at),
          first: time(first),
          firstDay: activityDay(first),
          text: latest.preview,
          n: list.length,
          searchText: list[0]!.contact.searchText,
          createdAt: time(now),
        });
      }
    }
    if (created.length) {
      const source = jsonRows(
        [
          ['id', 'TEXT'], ['businessId', 'TEXT'], ['contactId', 'TEXT'], ['at', 'TIMESTAMP(3)'], ['first', 'TIMESTAMP(3)'], ['firstDay', 'INTEGER'],
          ['text', 'TEXT'], ['n', 'INTEGER'], ['searchText', 'TEXT'], ['createdAt', 'TIMESTAMP(3)'],
        ],
        created,
        provider,
      );
      await tx.$executeRaw`INSERT INTO "Thread" ("id", "businessId", "contactId", "lastActivityAt", "firstActivityAt", "firstActivityDay", "previewKind", "previewText", "previewDirection", "unreadCount", "searchText", "createdAt")
        SELECT v."id", v."businessId", v."contactId", v."at", v."first", v."firstDay", 'sms', v."text", 'inbound', v."n", v."searchText", v."createdAt" FROM ${source}`;
    }
    if (moved.length) {
      // Unread counts go up in SQL and the preview moves only forward (a late webhook for an old
      // text leaves a newer preview alone), so a concurrent writer's change is never overwritten.
      const source = jsonRows(
        [['id', 'TEXT'], ['n', 'INTEGER'], ['at', 'TIMESTAMP(3)'], ['text', 'TEXT'], ['first', 'TIMESTAMP(3)'], ['firstDay', 'INTEGER']],
        moved,
        provider,
      );
      const older = Prisma.sql`v."first" < "Thread"."firstActivityAt"`;
      const newer = Prisma.sql`v."at" >= "Thread"."lastActivityAt"`;
      const after = await tx.$queryRaw<{ id: string; unreadCount: unknown }[]>`UPDATE "Thread" SET
          "unreadCount" = "Thread"."unreadCount" + v."n",
          "lastActivityAt" = CASE WHEN ${newer} THEN v."at" ELSE "Thread"."lastActivityAt" END,
          "previewKind" = CASE WHEN ${newer} THEN 'sms' ELSE "Thread"."previewKind" END,
          "previewText" = CASE WHEN ${newer} THEN v."text" ELSE "Thread"."previewText" END,
          "previewDirection" = CASE WHEN ${newer} THEN 'inbound' ELSE "Thread"."previewDirection" END,
          "firstActivityAt" = CASE WHEN ${older} THEN v."first" ELSE "Thread"."firstActivityAt" END,
          "firstActivityDay" = CASE WHEN ${older} THEN v."firstDay" ELSE "Thread"."firstActivityDay" END
        FROM ${source} WHERE "Thread"."id" = v."id"
        RETURNING "Thread"."id", "Thread"."unreadCount"`;
      for (const row of after) finalUnread.set(row.id, Number(row.unreadCount));
    }

    // Tracking-number links: one upsert per (thread, number), keeping the oldest and latest times.
    const linkAt = new Map<string, { threadId: string; trackingNumberId: string; at: Date; first: Date }>();
    for (const item of items) {
      const threadId = threadIdOf.get(item.contact.id)!;
      const key = `${threadId} ${item.number.id}`;
      const seen = linkAt.get(key);
      if (!seen) linkAt.set(key, { threadId, trackingNumberId: item.number.id, at: item.at, first: item.at });
      else {
        if (item.at > seen.at) seen.at = item.at;
        if (item.at < seen.first) seen.first = item.at;
      }
    }
    const linkSource = jsonRows(
      [['threadId', 'TEXT'], ['trackingNumberId', 'TEXT'], ['at', 'TIMESTAMP(3)'], ['first', 'TIMESTAMP(3)']],
      [...linkAt.values()].map((link) => ({ ...link, at: time(link.at), first: time(link.first) })),
      provider,
    );
    await tx.$executeRaw`INSERT INTO "ThreadNumber" ("threadId", "trackingNumberId", "lastActivityAt", "firstActivityAt")
      SELECT v."threadId", v."trackingNumberId", v."at", v."first" FROM ${linkSource} WHERE true
      ON CONFLICT ("threadId", "trackingNumberId") DO UPDATE SET
        "lastActivityAt" = CASE WHEN excluded."lastActivityAt" > "ThreadNumber"."lastActivityAt" THEN excluded."lastActivityAt" ELSE "ThreadNumber"."lastActivityAt" END,
        "firstActivityAt" = CASE WHEN excluded."firstActivityAt" < "ThreadNumber"."firstActivityAt" THEN excluded."firstActivityAt" ELSE "ThreadNumber"."firstActivityAt" END`;

    const messageSource = jsonRows(
      [
        ['id', 'TEXT'], ['businessId', 'TEXT'], ['threadId', 'TEXT'], ['trackingNumberId', 'TEXT'], ['from', 'TEXT'], ['to', 'TEXT'], ['body', 'TEXT'],
        ['encoding', 'TEXT'], ['segments', 'INTEGER'], ['carrierSid', 'TEXT'], ['cost', 'INTEGER'], ['at', 'TIMESTAMP(3)'], ['now', 'TIMESTAMP(3)'],
      ],
      items.map((item) => ({
        id: item.messageId,
        businessId: item.number.businessId,
        threadId: threadIdOf.get(item.contact.id)!,
        trackingNumberId: item.number.id,
        from: item.from,
        to: item.to,
        body: item.body,
        encoding: item.segments.encoding,
        segments: item.segments.segments,
        carrierSid: item.row.carrierSid,
        cost: item.cost,
        at: time(item.at),
        now: time(now),
      })),
      provider,
    );
    await tx.$executeRaw`INSERT INTO "Message" ("id", "businessId", "threadId", "trackingNumberId", "direction", "from", "to", "body", "encoding", "segments", "status", "carrierSid", "cost", "attempts", "createdAt", "updatedAt")
      SELECT v."id", v."businessId", v."threadId", v."trackingNumberId", 'inbound', v."from", v."to", v."body", v."encoding", v."segments", 'received', v."carrierSid", v."cost", 0, v."at", v."now" FROM ${messageSource}`;

    // Charges: one balance update per business, then each ledger entry with the balance after it.
    const balanceAfter = new Map<string, number>();
    const currencyOf = new Map<string, string>();
    for (const [businessId, list] of groupBy(items, (item) => item.number.businessId)) {
      const total = list.reduce((sum, item) => sum + Math.max(0, item.cost), 0);
      businessIds.add(businessId);
      if (total === 0) continue;
      const business = await tx.business.update({ where: { id: businessId }, data: { balance: { decrement: total } }, select: { balance: true, currency: true } });
      balanceAfter.set(businessId, business.balance + total);
      currencyOf.set(businessId, business.currency);
    }
    const ledger: Record<string, unknown>[] = [];
    const balances = new Map<string, number>(); // the balance after each message's charge, by sid
    for (const item of items) {
      if (item.cost <= 0) continue;
      const after = balanceAfter.get(item.number.businessId)! - item.cost;
      balanceAfter.set(item.number.businessId, after);
      balances.set(item.row.carrierSid, after);
      ledger.push({
        id: newRowId(),
        businessId: item.number.businessId,
        amount: -item.cost,
        balanceAfter: after,
        messageId: item.messageId,
        description: `Inbound SMS from ${item.from}`,
        at: time(now),
      });
    }
    if (ledger.length) {
      const source = jsonRows(
        [['id', 'TEXT'], ['businessId', 'TEXT'], ['amount', 'INTEGER'], ['balanceAfter', 'INTEGER'], ['messageId', 'TEXT'], ['description', 'TEXT'], ['at', 'TIMESTAMP(3)']],
        ledger,
        provider,
      );
      await tx.$executeRaw`INSERT INTO "LedgerEntry" ("id", "businessId", "amount", "balanceAfter", "kind", "messageId", "description", "createdAt")
        SELECT v."id", v."businessId", v."amount", v."balanceAfter", 'inbound', v."messageId", v."description", v."at" FROM ${source}`;
    }

    // STOP / START, in order: the contact ends in the state of its last keyword.
    const optState = new Map(contacts.map((contact) => [contact.id, { optedOut: contact.optedOut, optedOutAt: contact.optedOutAt }]));
    const optAfter = new Map<string, { optedOut: boolean; optedOutAt: Date | null }>(); // by sid
    const changed = new Set<string>();
    for (const item of items) {
      const state = optState.get(item.contact.id)!;
      if (item.keyword === 'opt-out' && !state.optedOut) optState.set(item.contact.id, { optedOut: true, optedOutAt: item.at });
      if (item.keyword === 'opt-in' && state.optedOut) optState.set(item.contact.id, { optedOut: false, optedOutAt: null });
      if (optState.get(item.contact.id) !== state) changed.add(item.contact.id);
      optAfter.set(item.row.carrierSid, optState.get(item.contact.id)!);
    }
    for (const contactId of changed) await tx.contact.update({ where: { id: contactId }, data: optState.get(contactId)! });

    // Events, per message in order: message.created, thread.updated (the thread as that message
    // left it), balance.updated.
    const state = new Map<string, ThreadState>();
    for (const thread of before) {
      state.set(thread.id, {
        lastActivityAt: thread.lastActivityAt,
        previewText: thread.previewText,
        previewKind: thread.previewKind,
        previewDirection: thread.previewDirection,
        numbers: new Map(thread.numbers.map((link) => [link.trackingNumberId, { at: link.lastActivityAt, number: link.trackingNumber }])),
      });
    }
    const remaining = new Map<string, number>();
    for (const item of items) remaining.set(item.contact.id, (remaining.get(item.contact.id) ?? 0) + 1);
    const events: Record<string, unknown>[] = [];
    const nowText = time(now);
    for (const item of items) {
      const threadId = threadIdOf.get(item.contact.id)!;
      const left = remaining.get(item.contact.id)! - 1;
      remaining.set(item.contact.id, left);
      let current = state.get(threadId);
      if (!current) {
        current = { lastActivityAt: item.at, previewText: item.preview, previewKind: 'sms', previewDirection: 'inbound', numbers: new Map() };
        state.set(threadId, current);
      } else if (item.at.getTime() >= current.lastActivityAt.getTime()) {
        Object.assign(current, { lastActivityAt: item.at, previewText: item.preview, previewKind: 'sms', previewDirection: 'inbound' });
      }
      const link = current.numbers.get(item.number.id);
      if (!link || item.at > link.at) current.numbers.set(item.number.id, { at: item.at, number: item.number });
      const thread = toThreadDto({
        id: threadId,
        contact: { ...item.contact, ...optAfter.get(item.row.carrierSid)! },
        previewKind: current.previewKind,
        previewText: current.previewText,
        previewDirection: current.previewDirection,
        lastActivityAt: current.lastActivityAt,
        unreadCount: finalUnread.get(threadId)! - left,
        numbers: [...current.numbers.values()].sort((a, b) => b.at.getTime() - a.at.getTime()).map((entry) => ({ trackingNumber: entry.number })),
      });
      const message = toMessageDto(links, {
        id: item.messageId,
        threadId,
        direction: 'inbound',
        from: item.from,
        to: item.to,
        body: item.body,
        encoding: item.segments.encoding,
        segments: item.segments.segments,
        status: 'received',
        errorCode: null,
        errorMessage: null,
        cost: item.cost,
        senderUserId: null,
        createdAt: item.at,
        updatedAt: now,
        trackingNumber: item.number,
        media: [],
      });
      const businessId = item.number.businessId;
      events.push({ businessId, type: 'message.created', payload: JSON.stringify(message), at: nowText });
      events.push({ businessId, type: 'thread.updated', payload: JSON.stringify(thread), at: nowText });
      const balance = balances.get(item.row.carrierSid);
      if (balance !== undefined) {
        events.push({ businessId, type: 'balance.updated', payload: JSON.stringify({ balance, currency: currencyOf.get(businessId)! }), at: nowText });
      }
    }
    const eventSource = jsonRows([['businessId', 'TEXT'], ['type', 'TEXT'], ['payload', 'TEXT'], ['at', 'TIMESTAMP(3)']], events, provider);
    // In order: the event stream replays by id (and, on PostgreSQL, ids must commit in order too).
    await lockEventLogs(tx, events.map((event) => event.businessId as string));
    await tx.$executeRaw`INSERT INTO "EventLog" ("businessId", "type", "payload", "createdAt")
      SELECT v."businessId", v."type", v."payload", v."at" FROM ${eventSource} ORDER BY v."ord"`;
    await markFolded(tx, result);
    return { outcomes: result, businessIds };
  });
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

