// No webhook lost across a crash: the real `threadline serve` in a process of its own is killed
// (SIGKILL, no shutdown) right after answering a burst of inbound texts; the next start files every
// text it had answered 200 for, once.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { closeServices, createServices } from '../create-services.ts';
import { createDb } from '../db/client.ts';
import { createTestDatabase, seedBusiness, testConfig } from '../testing/harness.ts';
import { twilioSignatureOf, waitFor } from '../testing/messaging.ts';

const database = await createTestDatabase();
after(() => database.drop());

test('texts answered 200 by a server killed before it filed them are filed by the next start', async () => {
  const seed = await seedBusiness(database.url, 'Crash Test Plumbing', 10_000);
  const authToken = 'crash-test-auth-token';
  const publicUrl = 'https://sms.example.com';
  const bin = fileURLToPath(new URL('../../bin/threadline.js', import.meta.url));
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--json'], {
    env: { ...process.env, DATABASE_URL: database.url, PUBLIC_URL: publicUrl, CARRIER: 'simulator', TWILIO_AUTH_TOKEN: authToken, SETUP_POLLER: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const [line] = (await once(child.stdout!, 'data')) as [Buffer];
    const { url } = JSON.parse(line.toString()) as { url: string };
    const path = '/webhooks/twilio/messaging';
    const sids = Array.from({ length: 60 }, (_, i) => `SMcrash${Date.now().toString(16)}${String(i).padStart(8, '0')}`);
    const responses = await Promise.all(
      sids.map((sid, i) => {
        const params = { MessageSid: sid, From: `+1727557${String(i % 6).padStart(4, '0')}`, To: seed.usNumber, Body: `crash ${i}`, NumMedia: '0' };
        return fetch(`${url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignatureOf(authToken, `${publicUrl}${path}`, params) },
          body: new URLSearchParams(params).toString(),
        });
      }),
    );
    child.kill('SIGKILL');
    await once(child, 'exit');
    for (const response of responses) assert.equal(response.status, 200);

    // Every answered text is in the inbox, whatever the fold had done before the kill.
    const db = createDb(database.url);
    try {
      assert.equal(await db.inboxMessage.count({ where: { carrierSid: { in: sids } } }), 60);
      // Rows the dead process had claimed wait for its lease to end (60 s); bring that forward.
      await db.inboxMessage.updateMany({ where: { carrierSid: { in: sids }, foldedAt: null, claimToken: { not: null } }, data: { nextAttemptAt: new Date() } });
    } finally {
      await db.$disconnect();
    }
    const services = await createServices(testConfig(database.url), { worker: false, inboxWorker: true });
    try {
      await waitFor(async () => (await services.db.message.count({ where: { carrierSid: { in: sids } } })) === 60, 8000, 'every answered text filed');
      const threads = await services.db.thread.findMany({ where: { businessId: seed.businessId } });
      assert.equal(threads.length, 6);
      assert.ok(threads.every((thread) => thread.unreadCount === 10), 'each text counted once');
      assert.equal(await services.db.ledgerEntry.count({ where: { businessId: seed.businessId, kind: 'inbound' } }), 60);
    } finally {
      await closeServices(services);
    }
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
