// The outbox worker with the real twilio package against TwilioFake: sends survive a restart,
// transient errors retry, final ones fail with words and a refund, and two workers sharing a
// database never send one message twice.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, test } from 'node:test';
import type { Message } from '@threadline/sdk';
import { closeServices, createServices } from '../../create-services.ts';
import { createTestDatabase, testConfig } from '../../testing/harness.ts';
import { startMessagingTest, waitFor, type MessagingTest } from '../../testing/messaging.ts';
import { TwilioFake } from '../../testing/twilio-fake.ts';

async function send(t: MessagingTest, to: string, body = 'Hello'): Promise<Message> {
  const response = await t.request('POST', '/v1/messages', { from: t.seed.usNumberId, to, body });
  assert.equal(response.status, 202, await response.clone().text());
  return (await response.json()) as Message;
}

const status = (t: MessagingTest, id: string) => t.services.db.message.findUniqueOrThrow({ where: { id } });

/** A local port nothing listens on: connections to it are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('outbox', () => {
  test('a send accepted while no worker runs goes out after a restart', async () => {
    const database = await createTestDatabase();
    const stopped = await startMessagingTest({ database, services: { worker: false } });
    const message = await send(stopped, '+17275556001', 'Accepted before the crash');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal((await status(stopped, message.id)).status, 'queued');
    await stopped.close();

    // A new process on the same database.
    const services = await createServices(testConfig(database.url), { outbox: { pollMs: 50 } });
    try {
      const delivered = await waitFor(async () => {
        const row = await services.db.message.findUniqueOrThrow({ where: { id: message.id } });
        return row.status === 'delivered' ? row : null;
      }, 8000, 'delivery after restart');
      assert.equal(delivered.attempts, 1);
    } finally {
      await closeServices(services);
      await database.drop();
    }
  });

  test('Twilio 5xx is retried; the message is sent once', async () => {
    const t = await startMessagingTest({ twilio: true });
    try {
      t.fake!.failNext({ status: 503, code: 20503, message: 'Service unavailable' }, { status: 500 });
      const message = await send(t, '+17275556002');
      const row = await waitFor(async () => {
        const current = await status(t, message.id);
        return current.carrierSid ? current : null;
      }, 8000, 'the retried send');
      assert.equal(row.attempts, 3);
      assert.equal(row.status, 'sending');
      assert.equal(t.fake!.messageRequests.length, 3);
      assert.equal(t.fake!.messages.length, 1);
      assert.equal(row.carrierSid, t.fake!.messages[0]!.sid);
    } finally {
      await t.close();
    }
  });

  test("Twilio's 4xx refusal fails the message at once, in words, refunded", async () => {
    const t = await startMessagingTest({ twilio: true, balance: 50 });
    try {
      t.fake!.failNext({ status: 400, code: 21211, message: "The 'To' number +17275556003 is not a valid phone number." });
      const message = await send(t, '+17275556003');
      const row = await waitFor(async () => {
        const current = await status(t, message.id);
        return current.status === 'failed' ? current : null;
      }, 8000, 'the failure');
      assert.equal(row.errorCode, '21211');
      assert.equal(row.errorMessage, "Invalid 'To' phone number");
      assert.equal(t.fake!.messageRequests.length, 1, 'not retried');
      const business = await t.services.db.business.findUniqueOrThrow({ where: { id: t.seed.businessId } });
      assert.equal(business.balance, 50);
      const events = await t.services.bus.since(t.seed.businessId, 0);
      const updates = events.filter((event) => event.type === 'message.updated').map((event) => (event.data as Message).status);
      assert.deepEqual(updates, ['sending', 'failed']);
    } finally {
      await t.close();
    }
  });

  test('21610 (recipient replied STOP elsewhere) fails the send and records the opt-out', async () => {
    const t = await startMessagingTest({ twilio: true });
    try {
      t.fake!.failNext({ status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' });
      const message = await send(t, '+17275556004');
      await waitFor(async () => (await status(t, message.id)).status === 'failed', 8000, 'the failure');
      const contact = await t.services.db.contact.findFirstOrThrow({ where: { businessId: t.seed.businessId, e164: '+17275556004' } });
      assert.equal(contact.optedOut, true);
      const again = await t.request('POST', '/v1/messages', { from: t.seed.usNumberId, to: '+17275556004', body: 'Hello?' });
      assert.equal(again.status, 409);
    } finally {
      await t.close();
    }
  });

  test('an unreachable carrier is retried with backoff, then failed and refunded', async () => {
    const t = await startMessagingTest({
      twilio: true,
      balance: 50,
      config: { twilioApiBaseUrl: `http://127.0.0.1:${await closedPort()}` },
      services: { outbox: { pollMs: 20, backoffMs: 10, maxAttempts: 3 } },
    });
    try {
      const message = await send(t, '+17275556005');
      const row = await waitFor(async () => {
        const current = await status(t, message.id);
        return current.status === 'failed' ? current : null;
      }, 8000, 'the failure');
      assert.equal(row.attempts, 3);
      assert.equal(row.errorCode, 'network');
      assert.equal(row.errorMessage, 'Could not reach the carrier');
      assert.equal((await t.services.db.business.findUniqueOrThrow({ where: { id: t.seed.businessId } })).balance, 50);
    } finally {
      await t.close();
    }
  });

  // Several server processes are a PostgreSQL deployment (DESIGN.md). Two SQLite clients in one
  // process would block each other's event loop on the file lock, which no deployment does.
  const onPostgres = process.env.TEST_DATABASE === 'postgres';
  test('two workers on one database send each message exactly once', { skip: !onPostgres && 'several processes share PostgreSQL only' }, async () => {
    const t = await startMessagingTest({ twilio: true, services: { worker: false } });
    const workers = [
      await createServices(t.config, { outbox: { pollMs: 10, concurrency: 3 } }),
      await createServices(t.config, { outbox: { pollMs: 10, concurrency: 3 } }),
    ];
    try {
      const sent = await Promise.all(Array.from({ length: 24 }, (_, i) => send(t, `+1727555${String(6100 + i)}`, `Batch ${i}`)));
      for (const worker of workers) worker.outbox?.kick();
      await waitFor(async () => (await t.services.db.message.count({ where: { id: { in: sent.map((m) => m.id) }, carrierSid: { not: null } } })) === 24, 10_000, 'all sends');
      assert.equal(t.fake!.messages.length, 24);
      assert.equal(new Set(t.fake!.messages.map((m) => m.to)).size, 24, 'no recipient texted twice');
    } finally {
      for (const worker of workers) await closeServices(worker);
      await t.close();
    }
  });

  test('a send abandoned mid-flight (process died) is picked up again when its lease expires', async () => {
    const t = await startMessagingTest({ twilio: true, services: { worker: false } });
    try {
      const message = await send(t, '+17275556200');
      // What a crash between claim and the carrier's answer leaves behind.
      await t.services.db.message.update({ where: { id: message.id }, data: { status: 'sending', attempts: 1, nextAttemptAt: new Date(Date.now() - 1000) } });
      const services = await createServices(t.config, { outbox: { pollMs: 20 } });
      try {
        const row = await waitFor(async () => {
          const current = await status(t, message.id);
          return current.carrierSid ? current : null;
        }, 8000, 'the re-claimed send');
        assert.equal(row.attempts, 2);
        assert.equal(t.fake!.messages.length, 1);
      } finally {
        await closeServices(services);
      }
    } finally {
      await t.close();
    }
  });

  test('the fake refuses wrong credentials like Twilio (20003), which fails the send', async () => {
    const fake = await TwilioFake.start();
    const t = await startMessagingTest({ config: { carrier: 'twilio', twilioAccountSid: fake.accountSid, twilioAuthToken: 'wrong-token', twilioApiBaseUrl: fake.url } });
    try {
      const message = await send(t, '+17275556300');
      const row = await waitFor(async () => {
        const current = await status(t, message.id);
        return current.status === 'failed' ? current : null;
      }, 8000, 'the failure');
      assert.equal(row.errorCode, '20003');
      assert.equal(fake.messages.length, 0);
    } finally {
      await t.close();
      await fake.close();
    }
  });
});
