// The simulator reports each accepted message's progress through the status sink, like Twilio's
// callbacks would, and fails the configured share with realistic codes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SimulatorCarrier, type StatusUpdate } from './simulator.ts';

const outbound = { messageId: 'msg_1', from: '+18135550100', to: '+17275550199', body: 'Hi', mediaUrls: [], statusCallbackUrl: 'https://x.test/cb' };

async function run(failureRate: number, random: () => number) {
  const updates: StatusUpdate[] = [];
  const carrier = new SimulatorCarrier({ simulatorStepMs: 5, simulatorFailureRate: failureRate }, async (update) => void updates.push(update), random);
  const result = await carrier.sendMessage(outbound);
  await new Promise((resolve) => setTimeout(resolve, 60));
  await carrier.close();
  return { result, updates };
}

describe('SimulatorCarrier', () => {
  test('accepts, then reports sent and delivered with our message id', async () => {
    const { result, updates } = await run(0, () => 0.5);
    assert.equal(result.status, 'sending');
    assert.deepEqual(updates.map((update) => update.status), ['sent', 'delivered']);
    assert.ok(updates.every((update) => update.sid === result.sid && update.messageId === 'msg_1'));
  });

  test('fails the configured share with 30003 or 30007', async () => {
    const first = await run(1, () => 0);
    assert.deepEqual(first.updates.map((update) => [update.status, update.errorCode]), [['failed', '30003']]);
    const second = await run(1, () => 0.99);
    assert.deepEqual(second.updates.map((update) => [update.status, update.errorCode]), [['failed', '30007']]);
  });

  test('close drops reports not yet due and refuses new sends', async () => {
    const updates: StatusUpdate[] = [];
    const carrier = new SimulatorCarrier({ simulatorStepMs: 50, simulatorFailureRate: 0 }, async (update) => void updates.push(update));
    await carrier.sendMessage(outbound);
    await carrier.close();
    await new Promise((resolve) => setTimeout(resolve, 120));
    assert.deepEqual(updates, []);
    await assert.rejects(carrier.sendMessage(outbound));
  });

  test('serves simulated media and recordings, nothing else', async () => {
    const carrier = new SimulatorCarrier({ simulatorStepMs: 5, simulatorFailureRate: 0 }, async () => {});
    const wav = await carrier.fetchMedia('simulator://recordings/CA1?seconds=2');
    assert.equal(wav.contentType, 'audio/wav');
    assert.equal(wav.bytes.byteLength, 44 + 16000);
    const image = await carrier.fetchMedia('simulator://samples/image');
    assert.equal(image.contentType, 'image/png');
    await assert.rejects(carrier.fetchMedia('https://api.twilio.com/x'));
    await assert.rejects(carrier.fetchMedia('simulator://samples/../../etc/passwd'));
    await carrier.close();
  });
});
