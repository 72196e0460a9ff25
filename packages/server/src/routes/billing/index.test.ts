// Billing through the real app: the balance never overspends under concurrent sends, every change
// has a ledger entry, top-ups and refunds, and the balance and ledger routes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ApiErrorBody, Balance, LedgerEntry, Page } from '@threadline/sdk';
import { MAX_TOP_UP, topUp } from '../../domain/billing/index.ts';
import { seedBusiness, tokenFor } from '../../testing/harness.ts';
import { startMessagingTest, waitFor, type MessagingTest } from '../../testing/messaging.ts';

let t: MessagingTest;
before(async () => {
  // The worker is off: these tests are about money, not delivery.
  t = await startMessagingTest({ balance: 20, services: { worker: false } });
});
after(async () => {
  await t.close();
});

async function ledgerSum(businessId: string): Promise<number> {
  const rows = await t.services.db.ledgerEntry.findMany({ where: { businessId } });
  return rows.reduce((sum, row) => sum + row.amount, 0);
}

describe('charging', () => {
  test('50 concurrent sends against a balance for 20: exactly 20 accepted, balance 0, ledger sums to it', async () => {
    const sends = Array.from({ length: 50 }, (_, i) =>
      t.request('POST', '/v1/messages', { from: t.seed.usNumberId, to: `+1727555${String(2000 + (i % 7)).padStart(4, '0')}`, body: `Update ${i}` }),
    );
    const responses = await Promise.all(sends);
    const statuses = responses.map((response) => response.status);
    assert.equal(statuses.filter((status) => status === 202).length, 20, statuses.join(','));
    assert.equal(statuses.filter((status) => status === 402).length, 30, statuses.join(','));
    const business = await t.services.db.business.findUniqueOrThrow({ where: { id: t.seed.businessId } });
    assert.equal(business.balance, 0);
    assert.equal(await ledgerSum(t.seed.businessId), 0);
    assert.equal(await t.services.db.message.count({ where: { businessId: t.seed.businessId } }), 20);
    // Each recipient was raced by several first sends: one contact and one thread per recipient
    // that got an accepted send (which recipients win the race differs from run to run).
    const acceptedRecipients = new Set(
      await Promise.all(responses.filter((response) => response.status === 202).map(async (response) => ((await response.json()) as { to: string }).to)),
    );
    assert.ok(acceptedRecipients.size >= 1 && acceptedRecipients.size <= 7);
    assert.equal(await t.services.db.contact.count({ where: { businessId: t.seed.businessId } }), acceptedRecipients.size);
    assert.equal(await t.services.db.thread.count({ where: { businessId: t.seed.businessId } }), acceptedRecipients.size);
    const refused = (await responses.find((response) => response.status === 402)!.json()) as ApiErrorBody;
    assert.deepEqual(refused.error.details, { cost: 1, balance: 0, currency: 'USD' });
  });

  test('rates come from the business when it overrides them', async () => {
    const custom = await seedBusiness(t.database.url, 'Custom Rates', 100);
    await t.services.db.business.update({ where: { id: custom.businessId }, data: { smsOutboundRate: 4 } });
    const token = await tokenFor(t.config, custom.businessId, 'owner');
    const response = await t.app.request('/v1/messages', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ from: custom.usNumberId, to: '+17275552100', body: 'x'.repeat(161) }),
    });
    assert.equal(response.status, 202);
    assert.equal(((await response.json()) as { cost: number }).cost, 8, 'two segments at 4 cents');
    const balance = (await (await t.app.request('/v1/billing/balance', { headers: { authorization: `Bearer ${token}` } })).json()) as Balance;
    assert.equal(balance.balance, 92);
    assert.deepEqual(balance.rates, { smsOutbound: 4, smsInbound: 1, mmsOutbound: 3, mmsInbound: 2 });
  });
});

describe('top-up (operator)', () => {
  test('adds funds with a ledger entry and a balance.updated event', async () => {
    const before = await t.services.bus.latestId(t.seed.businessId);
    const balance = await topUp(t.services, { businessId: t.seed.businessId, amount: 2500, description: 'Card payment' });
    assert.equal(balance.balance, 2500);
    const events = await t.services.bus.since(t.seed.businessId, before);
    assert.deepEqual(events.map((event) => [event.type, event.data]), [['balance.updated', { balance: 2500, currency: 'USD' }]]);
    const entry = await t.services.db.ledgerEntry.findFirstOrThrow({ where: { businessId: t.seed.businessId, kind: 'top-up', description: 'Card payment' } });
    assert.equal(entry.amount, 2500);
    assert.equal(entry.balanceAfter, 2500);
    assert.equal(await ledgerSum(t.seed.businessId), 2500);
  });

  test('refuses amounts that are not positive whole cents, and unknown businesses', async () => {
    for (const amount of [0, -5, 1.5, Number.NaN, MAX_TOP_UP + 1]) {
      await assert.rejects(topUp(t.services, { businessId: t.seed.businessId, amount }), (error: { status: number; details: { field: string } }) => {
        assert.equal(error.status, 422);
        assert.equal(error.details.field, 'amount');
        return true;
      });
    }
    await assert.rejects(topUp(t.services, { businessId: 'nope', amount: 100 }), (error: { status: number }) => error.status === 404);
    assert.equal(await ledgerSum(t.seed.businessId), 2500);
  });
});

describe('GET /v1/billing/balance and /v1/billing/ledger', () => {
  test('any role reads the balance and pages through the ledger newest first', async () => {
    const balance = (await (await t.request('GET', '/v1/billing/balance', undefined, 'viewer')).json()) as Balance;
    assert.equal(balance.balance, 2500);
    assert.equal(balance.currency, 'USD');

    const seen: LedgerEntry[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=7&cursor=${encodeURIComponent(cursor)}` : '?limit=7';
      const response = await t.request('GET', `/v1/billing/ledger${query}`, undefined, 'viewer');
      assert.equal(response.status, 200);
      const page = (await response.json()) as Page<LedgerEntry>;
      assert.ok(page.items.length <= 7);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    // Opening balance + 20 charges + top-up.
    assert.equal(seen.length, 22);
    assert.equal(new Set(seen.map((entry) => entry.id)).size, 22, 'no entry twice');
    assert.equal(seen[0]!.kind, 'top-up');
    assert.equal(seen.at(-1)!.description, 'Opening balance');
    assert.ok(seen.every((entry, i) => i === 0 || entry.createdAt <= seen[i - 1]!.createdAt));
  });

  test("422 for a cursor we did not issue or a bad limit; 401 without a token; another business's ledger is never shown", async () => {
    assert.equal((await t.request('GET', '/v1/billing/ledger?cursor=garbage')).status, 422);
    assert.equal((await t.request('GET', '/v1/billing/ledger?limit=0')).status, 422);
    assert.equal((await t.app.request('/v1/billing/balance')).status, 401);
    const other = await seedBusiness(t.database.url, 'Other', 777);
    const token = await tokenFor(t.config, other.businessId, 'viewer');
    const page = (await (await t.app.request('/v1/billing/ledger', { headers: { authorization: `Bearer ${token}` } })).json()) as Page<LedgerEntry>;
    assert.deepEqual(page.items.map((entry) => entry.amount), [777]);
  });
});

describe('refunds', () => {
  test('a message the carrier fails is refunded once, with balance.updated', async () => {
    const failing = await startMessagingTest({ balance: 10, config: { simulatorFailureRate: 1 }, database: t.database });
    try {
      const response = await failing.request('POST', '/v1/messages', { from: failing.seed.usNumberId, to: '+17275552200', body: 'Hello' });
      assert.equal(response.status, 202);
      const { id } = (await response.json()) as { id: string };
      const failed = await waitFor(async () => {
        const row = await failing.services.db.message.findUniqueOrThrow({ where: { id } });
        return row.status === 'failed' ? row : null;
      });
      assert.match(failed.errorCode ?? '', /^3000[37]$/);
      assert.ok(['Unreachable destination handset', 'Carrier filtered as spam'].includes(failed.errorMessage ?? ''));
      const entries = await failing.services.db.ledgerEntry.findMany({ where: { messageId: id }, orderBy: { createdAt: 'asc' } });
      assert.deepEqual(entries.map((entry) => [entry.kind, entry.amount]), [['charge', -1], ['refund', 1]]);
      const business = await failing.services.db.business.findUniqueOrThrow({ where: { id: failing.seed.businessId } });
      assert.equal(business.balance, 10);
      const events = await failing.services.bus.since(failing.seed.businessId, 0);
      assert.deepEqual(events.filter((event) => event.type === 'balance.updated').map((event) => event.data), [
        { balance: 9, currency: 'USD' },
        { balance: 10, currency: 'USD' },
      ]);
    } finally {
      await failing.close();
    }
  });
});
