// Folding accepted inbound texts (inbox rows) into contacts, threads, messages, charges and events:
// a whole batch of plain SMS in one transaction with a fixed number of queries, whatever the batch
// size, with exactly the results `receiveInboundMessage` gives one message at a time.
import type { Thread } from '@threadline/sdk';
import { quoteCost, smsSegments, toE164 } from '@threadline/sdk';
import { Prisma } from '../../db/generated/sqlite/client.ts';
import { providerOf } from '../../db/client.ts';
import type { Services } from '../../services.ts';
import { ratesOf } from '../billing/index.ts';
import { contactSearchText, messagePreviewText, type Tx } from '../threads/activity.ts';
import { threadInclude, toContactDto, toMessageDto, toThreadDto } from '../threads/dto.ts';
import { keywordOf } from './inbound.ts';
import { linksOf } from './status.ts';
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
  if (!value?.startsWith('+')) return null;
  try {
    return toE164(value);
  } catch {
    return null;
  }
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
  linkedNumberIds: Set<string>;
}

/**
 * Folds inbox rows that carry no media, all in one transaction, and returns each row's outcome.
 * The caller marks the rows folded inside the same transaction through `markFolded`, so a crash
 * either keeps everything or nothing. Throws if any row cannot be folded (the caller then retries
 * the rows one at a time to find it).
 */
export async function foldSmsBatch(
  services: Services,
  rows: InboxRow[],
  markFolded: (tx: Tx, outcomes: Map<number, FoldOutcome>) => Promise<void>,
): Promise<{ outcomes: Map<number, FoldOutcome>; businessIds: Set<string> }> {
  const postgres = providerOf(services.config.databaseUrl) === 'postgres';
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
    const numbers = await tx.trackingNumber.findMany({ where: { e164: { in: [...new Set(parsed.map((p) => p.to))] } } });
    const numberOf = new Map(numbers.map((number) => [number.e164, number]));
    const existing = await tx.message.findMany({ where: { carrierSid: { in: parsed.map((p) => p.row.carrierSid) } }, select: { carrierSid: true } });
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

    // Contacts: the missing ones created together (a race with another process is a unique
    // violation, which `transact` answers by running the whole batch again).
    const contactKey = (businessId: string, e164: string) => `${businessId} ${e164}`;
    const wanted = new Map<string, { businessId: string; e164: string }>();
    for (const p of toStore) {
      const businessId = numberOf.get(p.to)!.businessId;
      wanted.set(contactKey(businessId, p.from), { businessId, e164: p.from });
    }
    const byBusiness = groupBy([...wanted.values()], (c) => c.businessId);
    const contactWhere = [...byBusiness].map(([businessId, list]) => ({ businessId, e164: { in: list.map((c) => c.e164) } }));
    let contacts = await tx.contact.findMany({ where: { OR: contactWhere } });
    const missingContacts = [...wanted.values()].filter((c) => !contacts.some((row) => row.businessId === c.businessId && row.e164 === c.e164));
    if (missingContacts.length) {
      await tx.contact.createMany({
        data: missingContacts.map((c) => ({ businessId: c.businessId, e164: c.e164, searchText: contactSearchText(c.e164, null) })),
      });
      contacts = await tx.contact.findMany({ where: { OR: contactWhere } });
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
      return { ...p, number, contact, segments, cost, at: p.row.receivedAt, preview: messagePreviewText(p.body, []), keyword: keywordOf(p.body) };
    });

    // Threads: the existing ones move forward in one statement, the new ones are created together.
    const before = await tx.thread.findMany({
      where: { contactId: { in: [...new Set(items.map((item) => item.contact.id))] } },
      include: { numbers: { select: { trackingNumberId: true } } },
    });
    const threadOfContact = new Map(before.map((thread) => [thread.contactId, thread]));
    const perContact = groupBy(items, (item) => item.contact.id);
    const newThreads: Prisma.ThreadCreateManyInput[] = [];
    const moved: { id: string; count: number; latest: (typeof items)[number] }[] = [];
    for (const [contactId, list] of perContact) {
      // The newest message gives the preview; of equal times, the one accepted last (as one at a time would).
      const latest = list.reduce((best, item) => (item.at.getTime() >= best.at.getTime() ? item : best));
      const thread = threadOfContact.get(contactId);
      if (thread) moved.push({ id: thread.id, count: list.length, latest });
      else {
        newThreads.push({
          businessId: latest.number.businessId,
          contactId,
          lastActivityAt: latest.at,
          previewKind: 'sms',
          previewText: latest.preview,
          previewDirection: 'inbound',
          unreadCount: list.length,
          searchText: list[0]!.contact.searchText,
        });
      }
    }
    if (moved.length) await tx.$executeRaw(moveThreads(moved, postgres));
    const created = newThreads.length ? await tx.thread.createManyAndReturn({ data: newThreads, select: { id: true, contactId: true } }) : [];
    const threadIdOf = new Map([...before.map((t) => [t.contactId, t.id] as const), ...created.map((t) => [t.contactId, t.id] as const)]);

    // Tracking-number links: one upsert per (thread, number), keeping the latest time.
    const linkAt = new Map<string, { threadId: string; trackingNumberId: string; at: Date }>();
    for (const item of items) {
      const threadId = threadIdOf.get(item.contact.id)!;
      const key = `${threadId} ${item.number.id}`;
      const seen = linkAt.get(key);
      if (!seen || item.at > seen.at) linkAt.set(key, { threadId, trackingNumberId: item.number.id, at: item.at });
    }
    await tx.$executeRaw(upsertLinks([...linkAt.values()], postgres));

    const messages = await tx.message.createManyAndReturn({
      data: items.map((item) => ({
        businessId: item.number.businessId,
        threadId: threadIdOf.get(item.contact.id)!,
        trackingNumberId: item.number.id,
        direction: 'inbound',
        from: item.from,
        to: item.to,
        body: item.body,
        encoding: item.segments.encoding,
        segments: item.segments.segments,
        status: 'received',
        carrierSid: item.row.carrierSid,
        cost: item.cost,
        createdAt: item.at,
      })),
    });
    const messageOf = new Map(messages.map((message) => [message.carrierSid!, message]));

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
    const ledger: Prisma.LedgerEntryCreateManyInput[] = [];
    const balances = new Map<string, number>(); // the balance after each message's charge, by sid
    for (const item of items) {
      if (item.cost <= 0) continue;
      const after = balanceAfter.get(item.number.businessId)! - item.cost;
      balanceAfter.set(item.number.businessId, after);
      balances.set(item.row.carrierSid, after);
      ledger.push({
        businessId: item.number.businessId,
        amount: -item.cost,
        balanceAfter: after,
        kind: 'inbound',
        messageId: messageOf.get(item.row.carrierSid)!.id,
        description: `Inbound SMS from ${item.from}`,
        createdAt: item.at,
      });
    }
    if (ledger.length) await tx.ledgerEntry.createMany({ data: ledger });

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
    const after = await tx.thread.findMany({ where: { id: { in: [...threadIdOf.values()] } }, include: threadInclude });
    const threadRow = new Map(after.map((thread) => [thread.id, thread]));
    const state = new Map<string, ThreadState>(
      before.map((t) => [
        t.id,
        { lastActivityAt: t.lastActivityAt, previewText: t.previewText, previewKind: t.previewKind, previewDirection: t.previewDirection, linkedNumberIds: new Set(t.numbers.map((n) => n.trackingNumberId)) },
      ]),
    );
    const remaining = new Map<string, number>();
    for (const item of items) remaining.set(item.contact.id, (remaining.get(item.contact.id) ?? 0) + 1);
    const events: Prisma.EventLogCreateManyInput[] = [];
    for (const item of items) {
      const message = messageOf.get(item.row.carrierSid)!;
      const threadId = message.threadId;
      const final = threadRow.get(threadId)!;
      const left = remaining.get(item.contact.id)! - 1;
      remaining.set(item.contact.id, left);
      let current = state.get(threadId);
      if (!current || item.at.getTime() >= current.lastActivityAt.getTime()) {
        current = { lastActivityAt: item.at, previewText: item.preview, previewKind: 'sms', previewDirection: 'inbound', linkedNumberIds: current?.linkedNumberIds ?? new Set() };
      }
      current.linkedNumberIds.add(item.number.id);
      state.set(threadId, current);
      const thread: Thread = {
        ...toThreadDto(final),
        contact: toContactDto({ ...final.contact, ...optAfter.get(item.row.carrierSid)! }),
        preview: { kind: current.previewKind as Thread['preview']['kind'], direction: current.previewDirection as Thread['preview']['direction'], text: current.previewText },
        lastActivityAt: current.lastActivityAt.toISOString(),
        unreadCount: final.unreadCount - left,
        trackingNumbers: toThreadDto(final).trackingNumbers.filter((number) => current.linkedNumberIds.has(number.id)),
      };
      const businessId = item.number.businessId;
      events.push({ businessId, type: 'message.created', payload: JSON.stringify(toMessageDto(links, { ...message, trackingNumber: item.number, media: [] })) });
      events.push({ businessId, type: 'thread.updated', payload: JSON.stringify(thread) });
      const balance = balances.get(item.row.carrierSid);
      if (balance !== undefined) {
        events.push({ businessId, type: 'balance.updated', payload: JSON.stringify({ balance, currency: currencyOf.get(businessId)! }) });
      }
    }
    await tx.eventLog.createMany({ data: events });
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

/** A parameter with the PostgreSQL type it stands for (SQLite needs no cast). */
function typed(value: unknown, type: string, postgres: boolean): Prisma.Sql {
  return postgres ? Prisma.sql`CAST(${value} AS ${Prisma.raw(type)})` : Prisma.sql`${value}`;
}

/**
 * One UPDATE for every existing thread of the batch: unread count up by its number of messages,
 * latest activity and preview moved only forward (a late webhook for an old text leaves a newer
 * preview alone). Increments in SQL, so a concurrent writer's change is never overwritten.
 */
function moveThreads(moved: { id: string; count: number; latest: { at: Date; preview: string } }[], postgres: boolean): Prisma.Sql {
  const values = Prisma.join(
    moved.map(
      (m) => Prisma.sql`(${typed(m.id, 'TEXT', postgres)}, ${typed(m.count, 'INTEGER', postgres)}, ${typed(m.latest.at, 'TIMESTAMP(3)', postgres)}, ${typed(m.latest.preview, 'TEXT', postgres)})`,
    ),
  );
  const newer = Prisma.sql`v."at" >= "Thread"."lastActivityAt"`;
  return Prisma.sql`WITH v("id", "n", "at", "text") AS (VALUES ${values})
    UPDATE "Thread" SET
      "unreadCount" = "Thread"."unreadCount" + v."n",
      "lastActivityAt" = CASE WHEN ${newer} THEN v."at" ELSE "Thread"."lastActivityAt" END,
      "previewKind" = CASE WHEN ${newer} THEN 'sms' ELSE "Thread"."previewKind" END,
      "previewText" = CASE WHEN ${newer} THEN v."text" ELSE "Thread"."previewText" END,
      "previewDirection" = CASE WHEN ${newer} THEN 'inbound' ELSE "Thread"."previewDirection" END
    FROM v WHERE "Thread"."id" = v."id"`;
}

/** One upsert for the batch's (thread, tracking number) links, keeping each link's latest time. */
function upsertLinks(links: { threadId: string; trackingNumberId: string; at: Date }[], postgres: boolean): Prisma.Sql {
  const values = Prisma.join(links.map((l) => Prisma.sql`(${l.threadId}, ${l.trackingNumberId}, ${typed(l.at, 'TIMESTAMP(3)', postgres)})`));
  return Prisma.sql`INSERT INTO "ThreadNumber" ("threadId", "trackingNumberId", "lastActivityAt") VALUES ${values}
    ON CONFLICT ("threadId", "trackingNumberId") DO UPDATE SET "lastActivityAt" =
      CASE WHEN excluded."lastActivityAt" > "ThreadNumber"."lastActivityAt" THEN excluded."lastActivityAt" ELSE "ThreadNumber"."lastActivityAt" END`;
}
