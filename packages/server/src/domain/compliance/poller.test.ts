// Readiness end to end with the running setup poller and the simulator on real timers (20 ms
// reviews): brand → verified → campaign → approved → numbers assigned, and GET /v1/numbers plus an
// open event stream follow without a reload; a pending toll-free number sends with the warning.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { TrackingNumber } from '@threadline/sdk';
import { createApp } from '../../app.ts';
import { closeServices, createServices } from '../../create-services.ts';
import { createTestDatabase, seedBusiness, testConfig, tokenFor } from '../../testing/harness.ts';
import { startSetupPoller } from './poller.ts';
import { addSetupNumbers, unregisterBusiness, validBrand, validCampaign, validTollFree, waitFor } from './test-fixtures.ts';

const database = await createTestDatabase();
const config = testConfig(database.url, { setupSimulatorDelayMs: 20, setupPollIntervalMs: 10 });
const services = await createServices(config, { worker: false });
const app = createApp(services);
const poller = await startSetupPoller(services);

const business = await seedBusiness(database.url, 'Delta Electric');
await unregisterBusiness(database.url, business.businessId);
const numbers = await addSetupNumbers(database.url, business.businessId);
const owner = await tokenFor(config, business.businessId, 'owner');
// Closes the event stream even when a test fails waiting on it.
const aborter = new AbortController();

after(async () => {
  aborter.abort();
  await poller.stop();
  await closeServices(services);
  await database.drop();
});

async function send(method: string, path: string, body?: unknown): Promise<{ id: string }> {
  const response = await app.request(path, {
    method,
    headers: { authorization: `Bearer ${owner}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  assert.ok(response.status < 300, `${method} ${path}: ${response.status} ${await response.clone().text()}`);
  return (await response.json()) as { id: string };
}

async function readiness(id: string) {
  const response = await app.request('/v1/numbers', { headers: { authorization: `Bearer ${owner}` } });
  const { items } = (await response.json()) as { items: TrackingNumber[] };
  return items.find((number) => number.id === id)!.readiness;
}

const untilState = (id: string, state: string) =>
  waitFor(async () => (await readiness(id)).state === state, `${id} to be ${state}`);

/** Reads an open event stream until `match` accepts an event; returns that event's data. */
async function nextEvent(body: ReadableStream<Uint8Array>, match: (type: string, data: unknown) => boolean): Promise<unknown> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('The event stream ended');
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const type = frame.match(/^event: (.+)$/m)?.[1];
        const data = frame.match(/^data: (.+)$/m)?.[1];
        if (type && data && match(type, JSON.parse(data))) return JSON.parse(data);
      }
    }
  } finally {
    reader.releaseLock();
  }
}

describe('readiness follows messaging setup', () => {
  test('a US local number becomes ready once brand, campaign and assignment are done; the stream says so', { timeout: 20_000 }, async () => {
    assert.equal((await readiness(numbers.localId)).state, 'brand_missing');
    const stream = await app.request(`/v1/events?access_token=${owner}`, { signal: aborter.signal });
    assert.equal(stream.status, 200);
    const ready = nextEvent(stream.body!, (type, data) => type === 'number.updated' && (data as TrackingNumber).id === numbers.localId && (data as TrackingNumber).readiness.canSend);

    await send('PUT', '/v1/messaging-setup/brand', validBrand);
    await send('POST', '/v1/messaging-setup/brand/submit');
    assert.equal((await readiness(numbers.localId)).state, 'brand_pending');
    await untilState(numbers.localId, 'campaign_missing');

    const campaign = await send('POST', '/v1/messaging-setup/campaigns', validCampaign);
    await send('POST', `/v1/messaging-setup/campaigns/${campaign.id}/submit`);
    await untilState(numbers.localId, 'number_unassigned');

    await send('POST', '/v1/messaging-setup/assignments', { campaignId: campaign.id, trackingNumberIds: [numbers.localId] });
    assert.equal((await readiness(numbers.localId)).state, 'assignment_pending');
    await untilState(numbers.localId, 'ready');
    assert.equal((await readiness(numbers.localId)).canSend, true);

    const event = (await ready) as TrackingNumber;
    assert.deepEqual(event.readiness, { canSend: true, state: 'ready', message: null, action: null });
    aborter.abort();

    const logged = await services.bus.since(business.businessId, 0, 5000);
    const updates = logged.filter((entry) => entry.type === 'number.updated' && (entry.data as TrackingNumber).id === numbers.localId);
    assert.equal((updates.at(-1)!.data as TrackingNumber).readiness.state, 'ready');
  });

  test('a toll-free number sends with a warning while pending, then without once approved', { timeout: 20_000 }, async () => {
    assert.equal((await readiness(numbers.tollFreeId)).canSend, false);
    await send('PUT', `/v1/messaging-setup/toll-free/${numbers.tollFreeId}`, validTollFree);
    await send('POST', `/v1/messaging-setup/toll-free/${numbers.tollFreeId}/submit`);
    const pending = await readiness(numbers.tollFreeId);
    assert.equal(pending.canSend, true);
    assert.equal(pending.state, 'toll_free_pending');
    assert.match(pending.message ?? '', /may not deliver until approval completes/);
    await untilState(numbers.tollFreeId, 'ready');
  });

  test('stopping the poller ends its timer', async () => {
    const second = await startSetupPoller(services, { intervalMs: 5 });
    await second.runOnce();
    await second.stop();
    await second.stop();
  });
});
