// GET /v1/numbers and GET /v1/call-flows: the business's own rows only, with readiness.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { CallFlow, TrackingNumber } from '@threadline/sdk';
import { createApp } from '../../app.ts';
import { closeServices, createServices } from '../../create-services.ts';
import { createTestDatabase, seedBusiness, testConfig, tokenFor } from '../../testing/harness.ts';

const database = await createTestDatabase();
const config = testConfig(database.url);
const services = await createServices(config, { worker: false });
const app = createApp(services);
const a = await seedBusiness(database.url, 'Acme Plumbing');
const b = await seedBusiness(database.url, 'Beta Dental');
const fax = await services.db.trackingNumber.create({
  data: { businessId: a.businessId, e164: '+18135550999', friendlyName: 'Legacy Fax Line', country: 'US', type: 'local', smsCapable: false },
});
const tollFree = await services.db.trackingNumber.create({
  data: { businessId: a.businessId, e164: '+18885550100', friendlyName: 'Billboard 888', country: 'US', type: 'toll-free', tollFreeStatus: 'pending_review' },
});
const viewer = await tokenFor(config, a.businessId, 'viewer');

after(async () => {
  await closeServices(services);
  await database.drop();
});

async function getJson<T>(path: string, token = viewer): Promise<T> {
  const response = await app.request(path, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200);
  return (await response.json()) as T;
}

test('lists the business numbers by friendly name with call flow and readiness', async () => {
  const { items } = await getJson<{ items: TrackingNumber[] }>('/v1/numbers');
  assert.deepEqual(items.map((n) => n.friendlyName), ['Billboard 888', 'Legacy Fax Line', 'Tampa PPC', 'Toronto']);
  const byId = new Map(items.map((n) => [n.id, n]));
  const us = byId.get(a.usNumberId)!;
  assert.deepEqual(us.callFlow, { id: a.callFlowId, name: 'Main IVR' });
  assert.deepEqual({ canSend: us.readiness.canSend, state: us.readiness.state }, { canSend: true, state: 'ready' });
  assert.equal(byId.get(a.caNumberId)!.readiness.canSend, true);
  assert.equal(byId.get(fax.id)!.readiness.state, 'not_sms_capable');
  assert.equal(byId.get(fax.id)!.display, '(813) 555-0999');
  assert.equal(byId.get(fax.id)!.readiness.canSend, false);
  const pending = byId.get(tollFree.id)!.readiness;
  assert.deepEqual({ canSend: pending.canSend, state: pending.state }, { canSend: true, state: 'toll_free_pending' });
  assert.ok(pending.message);
  assert.ok(!items.some((n) => n.id === b.usNumberId), "another business's number leaked");
});

test('lists call flows of the business only', async () => {
  const { items } = await getJson<{ items: CallFlow[] }>('/v1/call-flows');
  assert.deepEqual(items, [{ id: a.callFlowId, name: 'Main IVR' }]);
  const other = await getJson<{ items: CallFlow[] }>('/v1/call-flows', await tokenFor(config, b.businessId));
  assert.deepEqual(other.items, [{ id: b.callFlowId, name: 'Main IVR' }]);
});

test('both need an embed token', async () => {
  assert.equal((await app.request('/v1/numbers')).status, 401);
  assert.equal((await app.request('/v1/call-flows')).status, 401);
});
