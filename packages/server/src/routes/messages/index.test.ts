// POST /v1/messages and POST /v1/messages/quote through the real app on a real database, with the
// simulator carrier and the outbox worker running: acceptance, every refusal in order, nothing
// half-stored, the toll-free warning, delivery, failure refunds and tenant isolation.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ApiErrorBody, Message, Quote } from '@threadline/sdk';
import { seedBusiness } from '../../testing/harness.ts';
import { startMessagingTest, waitFor, type MessagingTest } from '../../testing/messaging.ts';

let t: MessagingTest;
before(async () => {
  t = await startMessagingTest({ balance: 1000 });
});
after(async () => {
  await t.close();
});

const counts = async () => ({
  messages: await t.services.db.message.count(),
  threads: await t.services.db.thread.count(),
  contacts: await t.services.db.contact.count(),
  ledger: await t.services.db.ledgerEntry.count(),
  // Delivery reports for earlier sends keep arriving in the background: count every other event.
  events: await t.services.db.eventLog.count({ where: { type: { not: 'message.updated' } } }),
  balance: (await t.services.db.business.findUniqueOrThrow({ where: { id: t.seed.businessId } })).balance,
});

async function expectRefusal(body: unknown, status: number, code: string, field?: string, role: 'owner' | 'viewer' = 'owner') {
  const before = await counts();
  const response = await t.request('POST', '/v1/messages', body, role);
  const answer = (await response.json()) as ApiErrorBody;
  assert.equal(response.status, status, JSON.stringify(answer));
  assert.equal(answer.error.code, code);
  if (field) assert.equal(answer.error.details?.field, field, JSON.stringify(answer));
  assert.deepEqual(await counts(), before, 'a refused send stores nothing');
  return answer;
}

describe('POST /v1/messages', () => {
  test('accepts a send: 202 queued, thread created, charged, events logged, then delivered by the worker', async () => {
    const before = await counts();
    const response = await t.request('POST', '/v1/messages', { from: t.seed.usNumberId, to: '(727) 555-0101', body: 'Your technician is on the way.' });
    assert.equal(response.status, 202);
    const message = (await response.json()) as Message & { warning?: unknown };
    assert.equal(message.status, 'queued');
    assert.equal(message.to, '+17275550101', 'national format is read as E.164');
    assert.equal(message.from, t.seed.usNumber);
    assert.equal(message.direction, 'outbound');
    assert.equal(message.segments, 1);
    assert.equal(message.encoding, 'GSM-7');
    assert.equal(message.cost, 1);
    assert.equal(message.senderUserId, 'user-owner');
    assert.equal(message.warning, undefined);

    const after = await counts();
    assert.equal(after.messages, before.messages + 1);
    assert.equal(after.threads, before.threads + 1, 'a new number gets a thread');
    assert.equal(after.balance, before.balance - 1);
    const charge = await t.services.db.ledgerEntry.findFirstOrThrow({ where: { messageId: message.id } });
    assert.equal(charge.kind, 'charge');
    assert.equal(charge.amount, -1);
    assert.equal(charge.balanceAfter, after.balance);

    const events = await t.services.db.eventLog.findMany({ where: { businessId: t.seed.businessId }, orderBy: { id: 'asc' } });
    const types = events.filter((event) => event.type !== 'message.updated').slice(before.events).map((event) => event.type);
    assert.deepEqual(types, ['message.created', 'thread.updated', 'balance.updated']);

    const thread = await t.services.db.thread.findUniqueOrThrow({ where: { id: message.threadId } });
    assert.equal(thread.previewText, 'Your technician is on the way.');
    assert.equal(thread.previewDirection, 'outbound');

    const delivered = await waitFor(async () => {
      const row = await t.services.db.message.findUniqueOrThrow({ where: { id: message.id } });
      return row.status === 'delivered' ? row : null;
    }, 8000, 'delivery').catch(async (error) => {
      const row = await t.services.db.message.findUniqueOrThrow({ where: { id: message.id } });
      throw new Error(`${error.message}: ${JSON.stringify(row)}`);
    });
    assert.match(delivered.carrierSid ?? '', /^SM[0-9a-f]{32}$/);
    const updates = await t.services.db.eventLog.findMany({ where: { businessId: t.seed.businessId, type: 'message.updated' }, orderBy: { id: 'asc' } });
    const statuses = updates.map((event) => (JSON.parse(event.payload) as Message)).filter((m) => m.id === message.id).map((m) => m.status);
    // Reports 10 ms apart may be applied in either order; a late "sent" is ignored, never applied backwards.
    assert.equal(statuses[0], 'sending');
    assert.equal(statuses.at(-1), 'delivered');
    assert.ok(statuses.every((status, i) => i === 0 || ['sending', 'sent', 'delivered'].indexOf(status) > ['sending', 'sent', 'delivered'].indexOf(statuses[i - 1]!)), statuses.join());
  });

  test('a second send to the same contact reuses the thread; sending by E.164 `from` works', async () => {
    const first = (await (await t.request('POST', '/v1/messages', { from: t.seed.usNumber, to: '+17275550102', body: 'One' })).json()) as Message;
    const second = (await (await t.request('POST', '/v1/messages', { from: t.seed.caNumberId, to: '7275550102', body: 'Two' })).json()) as Message;
    assert.equal(first.threadId, second.threadId);
    const links = await t.services.db.threadNumber.count({ where: { threadId: first.threadId } });
    assert.equal(links, 2, 'the thread remembers both tracking numbers');
  });

  test('bills by segments: a UCS-2 body of 71 characters is 2 segments', async () => {
    const body = `${'é'.repeat(30)}😀${'x'.repeat(40)}`;
    const response = await t.request('POST', '/v1/messages', { from: t.seed.usNumberId, to: '+17275550103', body });
    const message = (await response.json()) as Message;
    assert.equal(message.encoding, 'UCS-2');
    assert.equal(message.segments, 2);
    assert.equal(message.cost, 2);
  });

  test('422 names the field and stores nothing', async () => {
    const from = t.seed.usNumberId;
    await expectRefusal({ from, to: 'not a number', body: 'Hi' }, 422, 'invalid_request', 'to');
    await expectRefusal({ from, to: '12', body: 'Hi' }, 422, 'invalid_request', 'to');
    await expectRefusal({ from, to: t.seed.usNumber, body: 'Hi' }, 422, 'invalid_request', 'to');
    await expectRefusal({ from, to: '+17275550104', body: '   ' }, 422, 'invalid_request', 'body');
    await expectRefusal({ from, to: '+17275550104', body: 'x'.repeat(1601) }, 422, 'invalid_request', 'body');
    await expectRefusal({ from, to: '+17275550104', body: 'Hi', mediaIds: ['nope'] }, 422, 'invalid_request', 'mediaIds.0');
    await expectRefusal({ from, to: '+17275550104', body: 'Hi', mediaIds: Array.from({ length: 11 }, (_, i) => `m${i}`) }, 422, 'invalid_request', 'mediaIds');
    await expectRefusal({ from: 'unknown-number', to: '+17275550104', body: 'Hi' }, 422, 'invalid_request', 'from');
    await expectRefusal({ from: '+19995550000', to: '+17275550104', body: 'Hi' }, 422, 'invalid_request', 'from');
    await expectRefusal({ to: '+17275550104', body: 'Hi' }, 422, 'invalid_request', 'from');
    await expectRefusal({ from, to: 42, body: 'Hi' }, 422, 'invalid_request', 'to');
    const raw = await t.app.request('/v1/messages', {
      method: 'POST',
      headers: { authorization: `Bearer ${await t.token()}`, 'content-type': 'application/json' },
      body: '{"from": ',
    });
    assert.equal(raw.status, 422);
  });

  test("another business's number and media read as unknown (422), never as theirs", async () => {
    const other = await seedBusiness(t.database.url, 'Beta Dental', 500);
    await expectRefusal({ from: other.usNumberId, to: '+17275550105', body: 'Hi' }, 422, 'invalid_request', 'from');
    await expectRefusal({ from: other.usNumber, to: '+17275550105', body: 'Hi' }, 422, 'invalid_request', 'from');
    const theirs = await t.services.db.media.create({
      data: { businessId: other.businessId, contentType: 'image/png', filename: 'x.png', size: 10, storageKey: 'x/y', publicToken: `tok-${Date.now()}` },
    });
    await expectRefusal({ from: t.seed.usNumberId, to: '+17275550105', body: 'Hi', mediaIds: [theirs.id] }, 422, 'invalid_request', 'mediaIds.0');
  });

  test('403 for a viewer, before anything else', async () => {
    const answer = await expectRefusal({ from: t.seed.usNumberId, to: '+17275550106', body: 'Hi' }, 403, 'forbidden', undefined, 'viewer');
    assert.match(answer.error.message, /viewer/);
    const manager = await t.request('POST', '/v1/messages', { from: t.seed.usNumberId, to: '+17275550106', body: 'Hi' }, 'manager' as never);
    assert.equal(manager.status, 202);
  });

  test('409 number_not_ready with the readiness step; toll-free pending sends with a warning', async () => {
    const db = t.services.db;
    const unassigned = await db.trackingNumber.create({
      data: { businessId: t.seed.businessId, e164: '+18135559001', friendlyName: 'New local', country: 'US', type: 'local' },
    });
    const answer = await expectRefusal({ from: unassigned.id, to: '+17275550107', body: 'Hi' }, 409, 'number_not_ready');
    assert.equal(answer.error.details?.state, 'number_unassigned');
    assert.equal(answer.error.details?.step, 'assign');
    assert.equal(answer.error.details?.trackingNumberId, unassigned.id);
    assert.match(answer.error.message, /assign this number/);

    const noSms = await db.trackingNumber.create({
      data: { businessId: t.seed.businessId, e164: '+18135559002', friendlyName: 'Voice only', country: 'US', type: 'local', smsCapable: false },
    });
    const noSmsAnswer = await expectRefusal({ from: noSms.id, to: '+17275550107', body: 'Hi' }, 409, 'number_not_ready');
    assert.equal(noSmsAnswer.error.details?.state, 'not_sms_capable');

    const tollFree = await db.trackingNumber.create({
      data: { businessId: t.seed.businessId, e164: '+18885559003', friendlyName: 'Toll-free', country: 'US', type: 'toll-free', tollFreeStatus: 'not_submitted' },
    });
    const notSubmitted = await expectRefusal({ from: tollFree.id, to: '+17275550107', body: 'Hi' }, 409, 'number_not_ready');
    assert.equal(notSubmitted.error.details?.state, 'toll_free_not_submitted');

    await db.trackingNumber.update({ where: { id: tollFree.id }, data: { tollFreeStatus: 'in_review' } });
    const response = await t.request('POST', '/v1/messages', { from: tollFree.id, to: '+17275550107', body: 'Hi' });
    assert.equal(response.status, 202);
    const accepted = (await response.json()) as Message & { warning?: { code: string; message: string } };
    assert.equal(accepted.warning?.code, 'toll_free_pending');
    assert.match(accepted.warning?.message ?? '', /may not deliver until approval completes/);
  });

  test('409 recipient_opted_out for a contact who replied STOP', async () => {
    await t.services.db.contact.create({
      data: { businessId: t.seed.businessId, e164: '+17275550108', searchText: '17275550108', optedOut: true, optedOutAt: new Date() },
    });
    const answer = await expectRefusal({ from: t.seed.usNumberId, to: '+17275550108', body: 'Hi' }, 409, 'recipient_opted_out');
    assert.equal(answer.error.message, 'This contact replied STOP. They must text START to receive messages again.');
  });

  test('402 insufficient_balance with cost and balance in words and details', async () => {
    const poor = await seedBusiness(t.database.url, 'Poor Co', 2);
    const token = `Bearer ${await (await import('../../testing/harness.ts')).tokenFor(t.config, poor.businessId, 'owner')}`;
    const mms = await t.services.db.media.create({
      data: { businessId: poor.businessId, contentType: 'image/png', filename: 'a.png', size: 100, storageKey: `${poor.businessId}/a`, publicToken: `poor-${Date.now()}` },
    });
    const before = await t.services.db.message.count();
    const response = await t.app.request('/v1/messages', {
      method: 'POST',
      headers: { authorization: token, 'content-type': 'application/json' },
      body: JSON.stringify({ from: poor.usNumberId, to: '+17275550109', body: '', mediaIds: [mms.id] }),
    });
    const answer = (await response.json()) as ApiErrorBody;
    assert.equal(response.status, 402);
    assert.equal(answer.error.code, 'insufficient_balance');
    assert.equal(answer.error.message, 'Balance $0.02 is below the $0.03 send cost. Add funds in Billing.');
    assert.deepEqual(answer.error.details, { cost: 3, balance: 2, currency: 'USD' });
    assert.equal(await t.services.db.message.count(), before);
    assert.equal((await t.services.db.business.findUniqueOrThrow({ where: { id: poor.businessId } })).balance, 2);
  });
});

describe('POST /v1/messages/quote', () => {
  test('prices a send without sending, and reports the refusal a send would get', async () => {
    const before = await counts();
    const response = await t.request('POST', '/v1/messages/quote', { from: t.seed.usNumberId, to: '727-555-0110', body: 'Hello 👋' }, 'viewer');
    assert.equal(response.status, 200);
    const quote = (await response.json()) as Quote;
    assert.equal(quote.encoding, 'UCS-2');
    assert.deepEqual(quote.unicodeCharacters, ['👋']);
    assert.equal(quote.segments, 1);
    assert.equal(quote.cost, 1);
    assert.equal(quote.recipient.e164, '+17275550110');
    assert.equal(quote.canSend, false, 'a viewer cannot send');
    assert.equal(quote.refusal?.code, 'forbidden');
    assert.deepEqual(await counts(), before, 'a quote stores nothing');

    const owner = (await (await t.request('POST', '/v1/messages/quote', { from: t.seed.usNumberId, to: '727-555-0110', body: 'Hello' })).json()) as Quote;
    assert.equal(owner.canSend, true);
    assert.equal(owner.refusal, null);
    assert.equal(owner.readiness.state, 'ready');
    assert.equal(owner.balance, before.balance);
  });

  test('the refusal equals what send answers (opted out)', async () => {
    const input = { from: t.seed.usNumberId, to: '+17275550108', body: 'Hi' };
    const quote = (await (await t.request('POST', '/v1/messages/quote', input)).json()) as Quote;
    const sent = (await (await t.request('POST', '/v1/messages', input)).json()) as ApiErrorBody;
    assert.equal(quote.recipient.optedOut, true);
    assert.deepEqual(quote.refusal, sent.error);
  });

  test('422 for input that can never be sent', async () => {
    const response = await t.request('POST', '/v1/messages/quote', { from: t.seed.usNumberId, to: 'abc', body: 'Hi' });
    assert.equal(response.status, 422);
    assert.equal(((await response.json()) as ApiErrorBody).error.details?.field, 'to');
  });

  test('checks a recipient before anything is written: the number read, or 422 on `to`', async () => {
    const quote = (await (await t.request('POST', '/v1/messages/quote', { from: t.seed.usNumberId, to: '(727) 555-0111', body: '' })).json()) as Quote;
    assert.equal(quote.recipient.e164, '+17275550111');
    assert.equal(quote.canSend, false);
    assert.equal(quote.refusal?.code, 'invalid_request');
    assert.equal(quote.refusal?.details?.field, 'body');
    // Sending the same answers with the same refusal.
    const sent = await t.request('POST', '/v1/messages', { from: t.seed.usNumberId, to: '(727) 555-0111', body: '' });
    assert.equal(sent.status, 422);
    assert.deepEqual(((await sent.json()) as ApiErrorBody).error, quote.refusal);

    const unreadable = await t.request('POST', '/v1/messages/quote', { from: t.seed.usNumberId, to: '12', body: '' });
    assert.equal(unreadable.status, 422);
    const error = ((await unreadable.json()) as ApiErrorBody).error;
    assert.equal(error.details?.field, 'to');
    assert.equal(error.message, '"to" is not a phone number we can text: 12');
  });
});
