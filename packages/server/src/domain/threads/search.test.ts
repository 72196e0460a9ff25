// Thread search with the trigram indexes (FTS5 on SQLite, pg_trgm on PostgreSQL): what an index can
// get wrong that the plain list walk cannot (stale text after a rename or a raw-SQL insert, short
// terms, query syntax, other businesses' rows, paging). Every search runs twice and must agree:
// through the real app (on SQLite, these few matches take the index plan) and through listThreads
// told to walk (a candidate limit of 1 sends any search with a match to the walk).
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { Page, Thread } from '@threadline/sdk';
import { seedBusiness, tokenFor } from '../../testing/harness.ts';
import { startMessagingTest, type MessagingTest } from '../../testing/messaging.ts';
import { listThreads } from './query.ts';
import { addMessage } from './test-fixtures.ts';

const t: MessagingTest = await startMessagingTest();
const { db } = t.services;
const provider = t.database.provider;
const other = await seedBusiness(t.database.url, 'Other Co');
const otherToken = await tokenFor(t.config, other.businessId);
let minute = 0;
const at = () => new Date(Date.UTC(2026, 9, 1, 12, minute++));

/** Files a text from `contact` to business `businessId` (the seeded one by default) and names the contact. */
async function thread(contact: string, name: string | null = null, businessId = t.seed.businessId): Promise<string> {
  const trackingNumberId = businessId === t.seed.businessId ? t.seed.usNumberId : other.usNumberId;
  const { threadId, contactId } = await addMessage(db, { businessId, trackingNumberId, contact, at: at() });
  if (name) {
    const token = businessId === t.seed.businessId ? await t.token() : otherToken;
    const response = await t.app.request(`/v1/contacts/${contactId}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name }),
    });
    assert.equal(response.status, 200);
  }
  return threadId;
}

async function rename(threadId: string, name: string | null) {
  const { contactId } = await db.thread.findUniqueOrThrow({ where: { id: threadId } });
  const response = await t.request('PATCH', `/v1/contacts/${contactId}`, { name });
  assert.equal(response.status, 200, await response.clone().text());
}

/** Every thread id a search lists, page by page: through the app, and walking; both must agree. */
async function search(q: string, { limit = 30, token, businessId = t.seed.businessId }: { limit?: number; token?: string; businessId?: string } = {}) {
  const viaApp: string[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ q, limit: String(limit), ...(cursor ? { cursor } : {}) });
    const response = await t.app.request(`/v1/threads?${query}`, { headers: { authorization: `Bearer ${token ?? (await t.token())}` } });
    assert.equal(response.status, 200, `${q}: ${await response.clone().text()}`);
    const page = (await response.json()) as Page<Thread>;
    viaApp.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor;
  } while (cursor);
  const walked: string[] = [];
  cursor = null;
  do {
    const page: Page<Thread> = await listThreads(db, businessId, { q, limit, ...(cursor ? { cursor } : {}) }, { provider, candidateLimit: 1 });
    walked.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor;
  } while (cursor);
  assert.deepEqual(viaApp, walked, `"${q}": the index and the walk disagree`);
  assert.equal(new Set(viaApp).size, viaApp.length, `"${q}": a thread listed twice`);
  return viaApp;
}

describe('thread search with the trigram index', () => {
  after(() => t.close());

  test('a thread an inbound text creates is found by its number, and by its name only after a rename', async () => {
    // The webhook's fold inserts the thread with raw SQL, not through Prisma.
    const response = await t.webhook('/webhooks/twilio/messaging', {
      MessageSid: `SM${'7'.repeat(32)}`, AccountSid: 'AC123', From: '+17275550142', To: t.seed.usNumber, Body: 'Open Saturday?', NumMedia: '0',
    });
    assert.equal(response.status, 200);
    await t.services.inbox.drain();
    const created = await db.thread.findFirstOrThrow({ where: { businessId: t.seed.businessId, contact: { e164: '+17275550142' } } });
    assert.deepEqual(await search('5550142'), [created.id]);
    assert.deepEqual(await search('(727) 555-0142'), [created.id]);
    assert.deepEqual(await search('zelda'), []);

    await rename(created.id, 'Zelda Quartz');
    assert.deepEqual(await search('zelda'), [created.id]);
    assert.deepEqual(await search('quartz zel'), [created.id]);
    await rename(created.id, 'Yara Bloom');
    assert.deepEqual(await search('zelda'), [], 'the old name is gone from the index');
    assert.deepEqual(await search('quartz'), []);
    assert.deepEqual(await search('bloom'), [created.id]);
    await rename(created.id, null);
    assert.deepEqual(await search('bloom'), []);
    assert.deepEqual(await search('5550142'), [created.id], 'the number stays findable');
  });

  test('1- and 2-character terms match like longer ones, alone or beside a long term', async () => {
    const xu = await thread('+19415550871', 'Al Xu');
    const xuan = await thread('+19415550872', 'Xuan Alvarez');
    // Newest first.
    assert.deepEqual(await search('xu'), [xuan, xu]);
    assert.deepEqual(await search('al xu'), [xuan, xu]);
    assert.deepEqual(await search('xu alvarez'), [xuan]);
    assert.deepEqual(await search('x'), [xuan, xu]);
    assert.deepEqual(await search('55508 xu'), [xuan, xu]);
    assert.deepEqual(await search('087'), [xuan, xu]);
    assert.deepEqual(await search('0871'), [xu]);
    assert.deepEqual((await search('9')).slice(0, 2), [xuan, xu], 'a single digit walks the list');
  });

  test('%, _, quotes and full-text syntax in a query are plain text', async () => {
    const deal = await thread('+13055550391', 'Big Deal 100%');
    const quoted = await thread('+13055550392', 'Ann O"Hara');
    assert.deepEqual(await search('b_g'), [], '_ is not a wildcard');
    assert.deepEqual(await search('b%l'), [], '% is not a wildcard');
    assert.deepEqual(await search('deal'), [deal]);
    assert.deepEqual(await search('o"hara'), [quoted]);
    assert.deepEqual(await search('"hara'), [quoted]);
    assert.deepEqual(await search('"'), [quoted]);
    // FTS5 operators and punctuation must reach neither the query parser nor a 500.
    for (const q of ['ann AND hara', 'ann OR zzz', 'NEAR(ann hara)', 'hara*', 'ann:hara', '^ann', 'ann -hara', '(ann)']) {
      assert.deepEqual(await search(q), [], q);
    }
    assert.deepEqual(await search('ann hara'), [quoted]);
    assert.deepEqual(await search('ann "hara'), [quoted]);
  });

  test("another business's matching threads never appear, whichever plan runs", async () => {
    const ours = await thread('+16475550611', 'Odalys Pike');
    // More matches in the other business than in ours, so the index's count (over all businesses)
    // and the walk (over ours) see different numbers.
    const theirs = [
      await thread('+16475550611', 'Odalys Pike', other.businessId),
      await thread('+16475550612', 'Odalys Pike', other.businessId),
      await thread('+16475550613', 'Odalys Reed', other.businessId),
    ];
    assert.deepEqual(await search('odalys'), [ours]);
    assert.deepEqual(await search('6475550611'), [ours]);
    assert.deepEqual(await search('odalys', { token: otherToken, businessId: other.businessId }), theirs.reverse());
    for (const candidateLimit of [2, 3, 4, 1000]) {
      const page = await listThreads(db, t.seed.businessId, { q: 'odalys' }, { provider, candidateLimit });
      assert.deepEqual(page.items.map((item) => item.id), [ours], `candidate limit ${candidateLimit}`);
    }
  });

  test('pages through a search result without repeats or gaps', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push(await thread(`+14075550${700 + i}`, `Pagina ${i}`));
    const newestFirst = [...ids].reverse();
    assert.deepEqual(await search('pagina'), newestFirst);
    assert.deepEqual(await search('pagina', { limit: 2 }), newestFirst);
    assert.deepEqual(await search('pagina', { limit: 1 }), newestFirst);
    assert.deepEqual(await search('pa', { limit: 3 }), newestFirst, 'a short term pages the same way');
    assert.deepEqual(await search('4075550 pagina', { limit: 3 }), newestFirst);
  });

  test('after all the writes above, the SQLite index holds exactly the Thread rows', async (c) => {
    if (provider !== 'sqlite') return c.skip('PostgreSQL keeps its GIN index itself');
    // FTS5 compares every entry with the content table and throws on any difference.
    await db.$executeRawUnsafe(`INSERT INTO "ThreadSearch" ("ThreadSearch", "rank") VALUES ('integrity-check', 1)`);
    const [row] = await db.$queryRawUnsafe<{ n: bigint | number }[]>(`SELECT count(*) AS "n" FROM "ThreadSearch_docsize"`);
    assert.equal(Number(row!.n), await db.thread.count());
  });
});

