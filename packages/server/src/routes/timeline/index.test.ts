// GET /v1/threads/:id/timeline: messages and calls merged newest first, stable cursor paging
// (including items at the same instant), media and recording links, tenant isolation.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { Call, Message, Page, TimelineItem } from '@threadline/sdk';
import { createApp } from '../../app.ts';
import { closeServices, createServices } from '../../create-services.ts';
import { recordingSignature } from '../../domain/threads/dto.ts';
import { addCall, addMessage } from '../../domain/threads/test-fixtures.ts';
import { createTestDatabase, seedBusiness, testConfig, tokenFor } from '../../testing/harness.ts';

const database = await createTestDatabase();
const config = testConfig(database.url);
const services = await createServices(config, { worker: false });
const app = createApp(services);
const { db } = services;
const a = await seedBusiness(database.url, 'Acme Plumbing');
const b = await seedBusiness(database.url, 'Beta Dental');
const owner = await tokenFor(config, a.businessId, 'viewer');
const ownerB = await tokenFor(config, b.businessId, 'owner');
const contact = '+17275550142';
const at = (minute: number) => new Date(Date.parse('2026-09-01T09:00:00.000Z') + minute * 60_000);

after(async () => {
  await closeServices(services);
  await database.drop();
});

async function timeline(threadId: string, query = '', token = owner): Promise<Page<TimelineItem>> {
  const response = await app.request(`/v1/threads/${threadId}/timeline${query}`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200, await response.clone().text());
  return (await response.json()) as Page<TimelineItem>;
}

// A thread with (minute: item): 0 sms in, 1 call answered, 2 sms out, 3 MMS in, 3 call voicemail,
// 3 sms in (three items at minute 3), 5 call missed, 6 sms out.
const made = { messages: [] as string[], calls: [] as string[] };
const first = await addMessage(db, { businessId: a.businessId, trackingNumberId: a.usNumberId, contact, at: at(0), body: 'Do you fix water heaters?' });
const threadId = first.threadId;
made.messages.push(first.messageId);
made.calls.push((await addCall(db, { businessId: a.businessId, trackingNumberId: a.usNumberId, contact, at: at(1), durationSeconds: 185 })).callId);
made.messages.push((await addMessage(db, { businessId: a.businessId, trackingNumberId: a.usNumberId, contact, at: at(2), direction: 'outbound', body: 'Yes! Tomorrow 9am?' })).messageId);
const mms = await addMessage(db, {
  businessId: a.businessId, trackingNumberId: a.caNumberId, contact, at: at(3), body: '',
  media: [{ contentType: 'image/png', filename: 'heater.png', size: 2048 }],
});
made.messages.push(mms.messageId);
const voicemail = await addCall(db, { businessId: a.businessId, trackingNumberId: a.usNumberId, contact, at: at(3), status: 'voicemail', durationSeconds: 40, recordingSeconds: 31 });
made.calls.push(voicemail.callId);
made.messages.push((await addMessage(db, { businessId: a.businessId, trackingNumberId: a.usNumberId, contact, at: at(3), body: 'Left you a voicemail' })).messageId);
made.calls.push((await addCall(db, { businessId: a.businessId, trackingNumberId: a.usNumberId, contact, at: at(5), status: 'missed' })).callId);
made.messages.push((await addMessage(db, { businessId: a.businessId, trackingNumberId: a.usNumberId, contact, at: at(6), direction: 'outbound', body: 'See you then' })).messageId);

/** The order the API promises: occurredAt desc, then message before call, then id desc. */
function expectedOrder(items: TimelineItem[]): string[] {
  return [...items]
    .sort((x, y) => (x.occurredAt !== y.occurredAt ? (x.occurredAt < y.occurredAt ? 1 : -1) : x.kind !== y.kind ? (x.kind === 'message' ? -1 : 1) : x.id < y.id ? 1 : -1))
    .map((item) => item.id);
}

describe('GET /v1/threads/:id/timeline', () => {
  test('merges messages and calls, newest first', async () => {
    const { items, nextCursor } = await timeline(threadId);
    assert.equal(nextCursor, null);
    assert.equal(items.length, 8);
    assert.deepEqual(items.map((item) => item.occurredAt), [6, 5, 3, 3, 3, 2, 1, 0].map((m) => at(m).toISOString()));
    assert.deepEqual(items.map((item) => item.kind), ['message', 'call', 'message', 'message', 'call', 'message', 'call', 'message']);
    assert.deepEqual(items.map((item) => item.id), expectedOrder(items));
    assert.deepEqual(new Set(items.map((item) => item.id)), new Set([...made.messages, ...made.calls]));
  });

  test('pages backwards with a cursor, without repeating or skipping items at the same instant', async () => {
    for (const limit of [1, 2, 3]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: Page<TimelineItem> = await timeline(threadId, `?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        assert.ok(page.items.length <= limit);
        seen.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 20);
      assert.deepEqual(seen, (await timeline(threadId)).items.map((item) => item.id), `limit ${limit}`);
    }
  });

  test('older pages are unaffected by new items arriving at the top', async () => {
    const page1 = await timeline(threadId, '?limit=3');
    await addMessage(db, { businessId: a.businessId, trackingNumberId: a.usNumberId, contact: '+17275550143', at: at(7), body: 'other thread' });
    const extra = await addMessage(db, { businessId: a.businessId, trackingNumberId: a.usNumberId, contact, at: at(8), body: 'new one' });
    const page2 = await timeline(threadId, `?limit=3&cursor=${encodeURIComponent(page1.nextCursor!)}`);
    const all = (await timeline(threadId)).items.map((item) => item.id);
    assert.equal(all[0], extra.messageId);
    assert.deepEqual(page2.items.map((item) => item.id), all.slice(4, 7));
  });

  test('messages carry media links and calls carry signed recording links', async () => {
    const { items } = await timeline(threadId);
    const photo = items.find((item) => item.id === mms.messageId) as Message;
    assert.equal(photo.media.length, 1);
    assert.equal(photo.media[0]!.contentType, 'image/png');
    assert.match(photo.media[0]!.url, /^http:\/\/threadline\.test\/media\/[^/]+\/heater\.png$/);
    assert.deepEqual(photo.trackingNumber, { id: a.caNumberId, e164: a.caNumber, display: `(416) 555-${a.caNumber.slice(-4)}`, friendlyName: 'Toronto' });
    assert.deepEqual([photo.to, photo.toDisplay], [a.caNumber, `(416) 555-${a.caNumber.slice(-4)}`]);
    assert.equal(photo.fromDisplay, `(${photo.from.slice(2, 5)}) ${photo.from.slice(5, 8)}-${photo.from.slice(8)}`);
    const vm = items.find((item) => item.id === voicemail.callId) as Call;
    assert.equal(vm.status, 'voicemail');
    assert.deepEqual(vm.recording, {
      url: `http://threadline.test/recordings/${vm.id}?sig=${recordingSignature(config.secret, vm.id)}`,
      durationSeconds: 31,
    });
    const missed = items.find((item) => item.kind === 'call' && item.status === 'missed') as Call;
    assert.equal(missed.recording, null);
    const answered = items.find((item) => item.kind === 'call' && item.status === 'answered') as Call;
    assert.equal(answered.durationSeconds, 185);
  });

  test("another business's thread is a 404; bad input is a 422 naming the field", async () => {
    const response = await app.request(`/v1/threads/${threadId}/timeline`, { headers: { authorization: `Bearer ${ownerB}` } });
    assert.equal(response.status, 404);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'not_found');
    for (const [query, field] of [['?limit=0', 'limit'], ['?limit=500', 'limit'], ['?cursor=abc', 'cursor'], [`?cursor=${Buffer.from('{"at":"2026-01-01T00:00:00Z","kind":"fax","id":"x"}').toString('base64url')}`, 'cursor']]) {
      const bad = await app.request(`/v1/threads/${threadId}/timeline${query}`, { headers: { authorization: `Bearer ${owner}` } });
      assert.equal(bad.status, 422, query);
      assert.equal(((await bad.json()) as { error: { details: { field: string } } }).error.details.field, field);
    }
    assert.equal((await app.request(`/v1/threads/${threadId}/timeline`)).status, 401);
  });
});
