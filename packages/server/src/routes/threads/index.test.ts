// GET /v1/threads (order, keyset paging while activity arrives, search, filters), GET /v1/threads/:id
// and POST /v1/threads/:id/read, through the real app on a real database.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page, Thread } from '@threadline/sdk';
import { createApp } from '../../app.ts';
import { closeServices, createServices } from '../../create-services.ts';
import { renameContact } from '../../domain/threads/contacts.ts';
import { addCall, addMessage } from '../../domain/threads/test-fixtures.ts';
import { createTestDatabase, seedBusiness, testConfig, tokenFor } from '../../testing/harness.ts';

const database = await createTestDatabase();
const config = testConfig(database.url);
const services = await createServices(config, { worker: false });
const app = createApp(services);
const { db } = services;

const a = await seedBusiness(database.url, 'Acme Plumbing');
const b = await seedBusiness(database.url, 'Beta Dental');
const owner = await tokenFor(config, a.businessId, 'owner');
const viewer = await tokenFor(config, a.businessId, 'viewer');
const ownerB = await tokenFor(config, b.businessId, 'owner');

const base = Date.parse('2026-10-01T12:00:00.000Z');
const minutes = (n: number) => new Date(base + n * 60_000);
const contactOf = (i: number) => `+1727555${String(1000 + i).padStart(4, '0')}`;

async function get(path: string, token = owner) {
  return app.request(path, { headers: { authorization: `Bearer ${token}` } });
}
async function page(path: string, token = owner): Promise<Page<Thread>> {
  const response = await get(path, token);
  assert.equal(response.status, 200, await response.clone().text());
  return (await response.json()) as Page<Thread>;
}
async function all(path: string, token = owner): Promise<Thread[]> {
  const items: Thread[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const result: Page<Thread> = await page(cursor ? `${path}${separator}cursor=${encodeURIComponent(cursor)}` : path, token);
    items.push(...result.items);
    cursor = result.nextCursor;
  } while (cursor);
  return items;
}
async function expectInvalid(path: string, field: string) {
  const response = await get(path);
  assert.equal(response.status, 422, `${path} -> ${response.status}`);
  const body = (await response.json()) as { error: { code: string; details: { field: string } } };
  assert.equal(body.error.code, 'invalid_request');
  assert.equal(body.error.details.field, field, path);
}

after(async () => {
  await closeServices(services);
  await database.drop();
});

describe('GET /v1/threads', () => {
  // Business A: 12 threads, thread i last active at minute i (so thread 11 is newest).
  const threadIds: string[] = [];
  before(async () => {
    for (let i = 0; i < 12; i++) {
      const { threadId } = await addMessage(db, { businessId: a.businessId, trackingNumberId: a.usNumberId, contact: contactOf(i), at: minutes(i), body: `Hi ${i}` });
      threadIds.push(threadId);
    }
    await addMessage(db, { businessId: b.businessId, trackingNumberId: b.usNumberId, contact: '+17275559999', at: minutes(100), body: 'B only' });
  });

  test('lists newest activity first with contact, preview, numbers and unread count', async () => {
    const { items, nextCursor } = await page('/v1/threads');
    assert.equal(items.length, 12);
    assert.equal(nextCursor, null);
    assert.deepEqual(items.map((t) => t.id), [...threadIds].reverse());
    const top = items[0]!;
    assert.equal(top.contact.e164, contactOf(11));
    assert.equal(top.contact.display, '(727) 555-1011', 'formatted by the server, so widgets need no phone library');
    assert.equal(top.contact.name, null);
    assert.deepEqual(top.preview, { kind: 'sms', direction: 'inbound', text: 'Hi 11' });
    assert.equal(top.unreadCount, 1);
    assert.equal(top.lastActivityAt, minutes(11).toISOString());
    assert.deepEqual(top.trackingNumbers, [{ id: a.usNumberId, e164: a.usNumber, display: `(813) 555-${a.usNumber.slice(-4)}`, friendlyName: 'Tampa PPC' }]);
    assert.ok(!items.some((t) => t.preview.text === 'B only'), "another business's thread leaked");
  });

  test('pages with an opaque cursor and covers every thread once', async () => {
    const first = await page('/v1/threads?limit=5');
    assert.equal(first.items.length, 5);
    assert.ok(first.nextCursor);
    const everything = await all('/v1/threads?limit=5');
    assert.deepEqual(everything.map((t) => t.id), [...threadIds].reverse());
  });

  test('stays stable while new activity arrives: moved threads are not repeated and nothing else is skipped', async () => {
    const first = await page('/v1/threads?limit=4');
    assert.deepEqual(first.items.map((t) => t.id), threadIds.slice(8).reverse());
    // While the user looks at page 1: a thread from page 1 and one not yet seen (page 3) get new texts.
    await addMessage(db, { businessId: a.businessId, trackingNumberId: a.usNumberId, contact: contactOf(9), at: minutes(50), body: 'again 9' });
    await addMessage(db, { businessId: a.businessId, trackingNumberId: a.usNumberId, contact: contactOf(1), at: minutes(51), body: 'again 1' });
    const rest: Thread[] = [];
    let cursor = first.nextCursor;
    while (cursor) {
      const next = await page(`/v1/threads?limit=4&cursor=${encodeURIComponent(cursor)}`);
      rest.push(...next.items);
      cursor = next.nextCursor;
    }
    // Page 2 onwards continues exactly below page 1's last row; thread 1 jumped above the cursor.
    assert.deepEqual(rest.map((t) => t.id), [7, 6, 5, 4, 3, 2, 0].map((i) => threadIds[i]));
    const seen = [...first.items, ...rest].map((t) => t.id);
    assert.equal(new Set(seen).size, seen.length, 'a thread was repeated');
    // A fresh first page shows the moved threads on top, where the live event puts them.
    const fresh = await page('/v1/threads?limit=2');
    assert.deepEqual(fresh.items.map((t) => t.id), [threadIds[1], threadIds[9]]);
  });

  test('threads with the same last-activity instant page by id without loss', async () => {
    const c = await seedBusiness(database.url, 'Tie Breakers');
    const token = await tokenFor(config, c.businessId);
    const at = minutes(200);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await addMessage(db, { businessId: c.businessId, trackingNumberId: c.usNumberId, contact: contactOf(40 + i), at })).threadId);
    }
    const paged = await all('/v1/threads?limit=2', token);
    assert.deepEqual(paged.map((t) => t.id), [...ids].sort().reverse());
  });

  test('rejects bad paging input with 422 naming the field', async () => {
    await expectInvalid('/v1/threads?limit=0', 'limit');
    await expectInvalid('/v1/threads?limit=101', 'limit');
    await expectInvalid('/v1/threads?limit=ten', 'limit');
    await expectInvalid('/v1/threads?cursor=not-a-cursor', 'cursor');
    await expectInvalid(`/v1/threads?cursor=${Buffer.from('{"at":"yesterday","id":"x"}').toString('base64url')}`, 'cursor');
  });

  test('needs a valid embed token', async () => {
    assert.equal((await app.request('/v1/threads')).status, 401);
    assert.equal((await get('/v1/threads', 'not-a-token')).status, 401);
    assert.equal((await get('/v1/threads', 'tl_sk_someapikey')).status, 401);
  });
});

describe('GET /v1/threads search and filters', () => {
  let maria: string;
  let john: string;
  let caOnly: string;
  let both: string;
  let otherFlowNumberId: string;
  const d = seedDates();
  function seedDates() {
    return {
      march1: new Date('2026-03-01T10:00:00Z'),
      march15: new Date('2026-03-15T10:00:00Z'),
      april10: new Date('2026-04-10T10:00:00Z'),
      april10late: new Date('2026-04-10T11:00:00Z'),
    };
  }
  let token: string;
  let biz: Awaited<ReturnType<typeof seedBusiness>>;

  before(async () => {
    biz = await seedBusiness(database.url, 'Filter Co');
    token = await tokenFor(config, biz.businessId);
    // Maria: US number (Main IVR flow) on March 1 only.
    maria = (await addMessage(db, { businessId: biz.businessId, trackingNumberId: biz.usNumberId, contact: '+18135551234', at: d.march1 })).threadId;
    await renameContact(db, services.bus, biz.businessId, (await db.thread.findUniqueOrThrow({ where: { id: maria } })).contactId, 'Maria Lopez');
    // John: Canadian number (no flow) on April 10, a call.
    john = (await addCall(db, { businessId: biz.businessId, trackingNumberId: biz.caNumberId, contact: '+14165550199', at: d.april10, status: 'missed' })).threadId;
    await renameContact(db, services.bus, biz.businessId, (await db.thread.findUniqueOrThrow({ where: { id: john } })).contactId, 'John Smith');
    // Unnamed: Canadian number on March 15.
    caOnly = (await addMessage(db, { businessId: biz.businessId, trackingNumberId: biz.caNumberId, contact: '+17275550000', at: d.march15 })).threadId;
    // Both numbers: US on March 1 and Canadian on April 10.
    both = (await addMessage(db, { businessId: biz.businessId, trackingNumberId: biz.usNumberId, contact: '+19045558888', at: d.march1 })).threadId;
    await addCall(db, { businessId: biz.businessId, trackingNumberId: biz.caNumberId, contact: '+19045558888', at: d.april10late, durationSeconds: 65 });
    // A second flow with a number that has no threads.
    const flow = await db.callFlow.create({ data: { businessId: biz.businessId, name: 'After hours' } });
    otherFlowNumberId = (
      await db.trackingNumber.create({
        data: { businessId: biz.businessId, e164: `+1941555${String(Date.now()).slice(-4)}`, friendlyName: 'Billboard', country: 'US', type: 'local', callFlowId: flow.id },
      })
    ).id;
  });

  const ids = async (query: string) => (await all(`/v1/threads?${query}`, token)).map((t) => t.id);

  test('search finds a number however it is typed', async () => {
    for (const q of ['(813) 555', '+1813555', '5551234', '813-555-1234', '+1 (813) 555-1234', '18135551234']) {
      assert.deepEqual(await ids(`q=${encodeURIComponent(q)}`), [maria], q);
    }
    assert.deepEqual(await ids('q=555'), [both, john, caOnly, maria]);
    assert.deepEqual(await ids(`q=${encodeURIComponent('416')}`), [john]);
  });

  test('search finds a saved name case-insensitively, word by word', async () => {
    assert.deepEqual(await ids('q=maria'), [maria]);
    assert.deepEqual(await ids('q=LOPEZ'), [maria]);
    assert.deepEqual(await ids(`q=${encodeURIComponent('lopez mar')}`), [maria]);
    assert.deepEqual(await ids(`q=${encodeURIComponent('smith 416')}`), [john]);
    assert.deepEqual(await ids('q=nobody'), []);
    // LIKE wildcards typed by a user are not wildcards.
    assert.deepEqual(await ids('q=m_ria'), []);
    assert.deepEqual(await ids(`q=${encodeURIComponent('mar%a')}`), []);
  });

  test('filters by tracking number and by call flow', async () => {
    assert.deepEqual(await ids(`trackingNumberId=${biz.usNumberId}`), [both, maria]);
    assert.deepEqual(await ids(`trackingNumberId=${biz.caNumberId}`), [both, john, caOnly]);
    assert.deepEqual(await ids(`callFlowId=${biz.callFlowId}`), [both, maria]);
    assert.deepEqual(await ids(`trackingNumberId=${otherFlowNumberId}`), []);
    assert.deepEqual(await ids(`callFlowId=${biz.callFlowId}&trackingNumberId=${biz.caNumberId}`), [], 'the CA number is not in that flow');
  });

  test('filters by activity inside a date range', async () => {
    assert.deepEqual(await ids('from=2026-03-01&to=2026-03-01'), [both, maria]);
    assert.deepEqual(await ids('from=2026-03-10T00:00:00Z&to=2026-03-31T23:59:59Z'), [caOnly]);
    assert.deepEqual(await ids('from=2026-04-01'), [both, john]);
    assert.deepEqual(await ids('to=2026-03-14'), [both, maria]);
    assert.deepEqual(await ids(`from=${encodeURIComponent('2026-03-01T05:00:00-05:00')}&to=${encodeURIComponent('2026-03-01T05:00:00-05:00')}`), [both, maria]);
    assert.deepEqual(await ids('from=2026-05-01'), []);
  });

  test('combines search, number, flow and range filters', async () => {
    // "both" used the US number only in March: activity on the US number in April finds nothing.
    assert.deepEqual(await ids(`trackingNumberId=${biz.usNumberId}&from=2026-04-01`), []);
    assert.deepEqual(await ids(`trackingNumberId=${biz.caNumberId}&from=2026-04-01`), [both, john]);
    assert.deepEqual(await ids(`callFlowId=${biz.callFlowId}&from=2026-03-01&to=2026-03-31`), [both, maria]);
    assert.deepEqual(await ids(`q=904&trackingNumberId=${biz.usNumberId}`), [both]);
    assert.deepEqual(await ids(`q=maria&trackingNumberId=${biz.caNumberId}`), []);
    assert.deepEqual(await ids(`q=555&trackingNumberId=${biz.caNumberId}&from=2026-03-01&to=2026-03-31`), [caOnly]);
    const paged = await all(`/v1/threads?trackingNumberId=${biz.caNumberId}&limit=1`, token);
    assert.deepEqual(paged.map((t) => t.id), [both, john, caOnly]);
  });

  test('invalid filters answer 422 naming the field', async () => {
    const asBiz = async (query: string, field: string) => {
      const response = await get(`/v1/threads?${query}`, token);
      assert.equal(response.status, 422, query);
      const body = (await response.json()) as { error: { details: { field: string }; message: string } };
      assert.equal(body.error.details.field, field, query);
      return body.error.message;
    };
    await asBiz('from=yesterday', 'from');
    await asBiz('to=2026-13-45', 'to');
    await asBiz('from=2026-04-01&to=2026-03-01', 'from');
    await asBiz('q=()', 'q');
    await asBiz(`q=${'x'.repeat(101)}`, 'q');
    assert.match(await asBiz(`trackingNumberId=${a.usNumberId}`, 'trackingNumberId'), /not one of this business's tracking numbers/);
    assert.match(await asBiz(`callFlowId=${a.callFlowId}`, 'callFlowId'), /not one of this business's call flows/);
    await asBiz('trackingNumberId=does-not-exist', 'trackingNumberId');
  });
});

describe('GET /v1/threads with a closed date range', () => {
  // The range is [June 10 12:00, June 20 12:00] UTC; events sit on both sides of each edge, on the
  // same day, so a day-granular shortcut would show up as a wrong answer.
  const from = '2026-06-10T12:00:00.000Z';
  const to = '2026-06-20T12:00:00.000Z';
  const range = `from=${from}&to=${to}`;
  const at = (iso: string) => new Date(`2026-${iso}Z`);
  let biz: Awaited<ReturnType<typeof seedBusiness>>;
  let token: string;
  const t: Record<string, string> = {};
  const contacts: Record<string, string> = {};

  before(async () => {
    biz = await seedBusiness(database.url, 'Range Co');
    token = await tokenFor(config, biz.businessId);
    const us = biz.usNumberId;
    const ca = biz.caNumberId;
    // name -> events as [number, time, kind]; a thread's id is that of its first event.
    const plan: Record<string, [string, string, 'sms' | 'call'][]> = {
      inside: [[us, '06-15T09:00:00.000', 'sms']],
      atFrom: [[ca, '06-10T12:00:00.000', 'call']],
      atTo: [[us, '06-20T12:00:00.000', 'sms']],
      beforeSameDay: [[us, '06-10T11:59:59.999', 'sms']],
      afterSameDay: [[us, '06-20T12:00:00.001', 'call']],
      // Active before and after the range but not inside it.
      gap: [[us, '06-01T10:00:00.000', 'sms'], [us, '06-30T10:00:00.000', 'sms']],
      gapSameDays: [[us, '06-10T11:00:00.000', 'sms'], [us, '06-20T13:00:00.000', 'call']],
      // Active before, inside (a call on the CA number) and after.
      straddles: [[us, '06-01T11:00:00.000', 'sms'], [ca, '06-15T10:00:00.000', 'call'], [us, '06-30T11:00:00.000', 'sms']],
      // The CA number before and after, the US number inside.
      numberGap: [[ca, '06-02T10:00:00.000', 'sms'], [us, '06-16T10:00:00.000', 'sms'], [ca, '06-29T10:00:00.000', 'call']],
      // Starts after the range; a late webhook later files an older message inside it.
      late: [[us, '07-05T10:00:00.000', 'sms']],
    };
    let i = 0;
    for (const [name, events] of Object.entries(plan)) {
      const contact = `+1941555${String(2000 + i++)}`;
      contacts[name] = contact;
      for (const [trackingNumberId, time, kind] of events) {
        const input = { businessId: biz.businessId, trackingNumberId, contact, at: at(time) };
        const { threadId } = kind === 'sms' ? await addMessage(db, input) : await addCall(db, input);
        t[name] ??= threadId;
      }
    }
  });

  const ids = async (query: string) => (await all(`/v1/threads?${query}`, token)).map((thread) => thread.id);
  const names = (...list: string[]) => list.map((name) => t[name]);

  test('lists exactly the threads with a message or call inside the range, newest first', async () => {
    assert.deepEqual(await ids(range), names('straddles', 'numberGap', 'atTo', 'inside', 'atFrom'));
    // Same answers whatever the page size, with the cursor carrying the range.
    for (const limit of [1, 2, 4]) {
      const pages: Thread[][] = [];
      let cursor: string | null = null;
      do {
        const result: Page<Thread> = await page(`/v1/threads?${range}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, token);
        pages.push(result.items);
        cursor = result.nextCursor;
      } while (cursor);
      assert.ok(pages.every((items) => items.length <= limit));
      assert.deepEqual(pages.flat().map((thread) => thread.id), names('straddles', 'numberGap', 'atTo', 'inside', 'atFrom'), `limit=${limit}`);
    }
  });

  test('an edge instant is inside; a millisecond beside it, or a gap across the range, is not', async () => {
    const only = (found: string[], name: string) => found.includes(t[name]!);
    const found = await ids(range);
    for (const name of ['atFrom', 'atTo']) assert.ok(only(found, name), name);
    for (const name of ['beforeSameDay', 'afterSameDay', 'gap', 'gapSameDays', 'late']) assert.ok(!only(found, name), name);
    // One millisecond narrower on each side drops the threads whose only event sits on the edge.
    assert.deepEqual(await ids('from=2026-06-10T12:00:00.001Z&to=2026-06-20T11:59:59.999Z'), names('straddles', 'numberGap', 'inside'));
    // A range of one instant.
    assert.deepEqual(await ids(`from=${from}&to=${from}`), names('atFrom'));
    assert.deepEqual(await ids(`from=${to}&to=${to}`), names('atTo'));
    // Only an upper bound: a first event at or before it.
    const upTo = await ids(`to=${from}`);
    assert.deepEqual(upTo, names('straddles', 'gap', 'numberGap', 'gapSameDays', 'atFrom', 'beforeSameDay'));
  });

  test('with a tracking number or call flow, the activity inside the range must be on it', async () => {
    // US: "straddles" used it only before and after; "numberGap" used it inside.
    assert.deepEqual(await ids(`trackingNumberId=${biz.usNumberId}&${range}`), names('numberGap', 'atTo', 'inside'));
    // CA: "numberGap" used it only before and after, its US message inside does not count.
    assert.deepEqual(await ids(`trackingNumberId=${biz.caNumberId}&${range}`), names('straddles', 'atFrom'));
    assert.deepEqual(await ids(`callFlowId=${biz.callFlowId}&${range}`), names('numberGap', 'atTo', 'inside'));
    assert.deepEqual(await ids(`trackingNumberId=${biz.caNumberId}&to=2026-06-02T09:59:59.999Z`), []);
    assert.deepEqual(await ids(`trackingNumberId=${biz.caNumberId}&to=2026-06-02T10:00:00.000Z`), names('numberGap'));
    const paged = await all(`/v1/threads?trackingNumberId=${biz.usNumberId}&${range}&limit=1`, token);
    assert.deepEqual(paged.map((thread) => thread.id), names('numberGap', 'atTo', 'inside'));
  });

  test('combines with search', async () => {
    const digits = contacts.numberGap!.slice(-7);
    assert.deepEqual(await ids(`q=${digits}&${range}`), names('numberGap'));
    assert.deepEqual(await ids(`q=${digits}&trackingNumberId=${biz.usNumberId}&${range}`), names('numberGap'));
    assert.deepEqual(await ids(`q=${digits}&trackingNumberId=${biz.caNumberId}&${range}`), []);
    assert.deepEqual(await ids(`q=${contacts.gap!.slice(-7)}&${range}`), []);
  });

  test('a late event inside the range brings its thread in', async () => {
    assert.ok(!(await ids(range)).includes(t.late!));
    await addMessage(db, { businessId: biz.businessId, trackingNumberId: biz.usNumberId, contact: contacts.late!, at: at('06-12T08:00:00.000') });
    assert.deepEqual(await ids(range), names('late', 'straddles', 'numberGap', 'atTo', 'inside', 'atFrom'));
    assert.deepEqual(await ids(`trackingNumberId=${biz.usNumberId}&${range}`), names('late', 'numberGap', 'atTo', 'inside'));
    assert.deepEqual(await ids(`trackingNumberId=${biz.caNumberId}&${range}`), names('straddles', 'atFrom'));
  });
});

describe('GET /v1/threads/:id and POST /v1/threads/:id/read', () => {
  let threadId: string;
  before(async () => {
    const contact = '+13055550123';
    threadId = (await addMessage(db, { businessId: a.businessId, trackingNumberId: a.usNumberId, contact, at: minutes(300) })).threadId;
    await addMessage(db, { businessId: a.businessId, trackingNumberId: a.caNumberId, contact, at: minutes(301), body: 'from Toronto' });
  });

  test('gets one thread with the numbers it used, most recent first', async () => {
    const response = await get(`/v1/threads/${threadId}`);
    assert.equal(response.status, 200);
    const thread = (await response.json()) as Thread;
    assert.equal(thread.unreadCount, 2);
    assert.deepEqual(thread.trackingNumbers.map((n) => n.id), [a.caNumberId, a.usNumberId]);
    assert.equal(thread.preview.text, 'from Toronto');
  });

  test('marking read zeroes the unread count for everyone and logs thread.updated', async () => {
    const before = await services.bus.latestId(a.businessId);
    const response = await app.request(`/v1/threads/${threadId}/read`, { method: 'POST', headers: { authorization: `Bearer ${viewer}` } });
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as Thread).unreadCount, 0);
    assert.equal(((await (await get(`/v1/threads/${threadId}`)).json()) as Thread).unreadCount, 0);
    const events = await services.bus.since(a.businessId, before);
    assert.equal(events.length, 1);
    assert.equal(events[0]!.type, 'thread.updated');
    assert.equal((events[0]!.data as Thread).id, threadId);
    assert.equal((events[0]!.data as Thread).unreadCount, 0);
  });

  test("another business's thread is a 404, and nothing changes", async () => {
    assert.equal((await get(`/v1/threads/${threadId}`, ownerB)).status, 404);
    await addMessage(db, { businessId: a.businessId, trackingNumberId: a.usNumberId, contact: '+13055550123', at: minutes(302) });
    const response = await app.request(`/v1/threads/${threadId}/read`, { method: 'POST', headers: { authorization: `Bearer ${ownerB}` } });
    assert.equal(response.status, 404);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'not_found');
    assert.equal(((await (await get(`/v1/threads/${threadId}`)).json()) as Thread).unreadCount, 1);
    assert.equal((await get('/v1/threads/nope')).status, 404);
  });

  test("business B's list never shows A's threads", async () => {
    const seen = await all('/v1/threads', ownerB);
    assert.deepEqual(seen.map((t) => t.preview.text), ['B only']);
  });
});
