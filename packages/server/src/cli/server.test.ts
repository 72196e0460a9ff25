// startServer: links name the port actually listened on unless PUBLIC_URL says otherwise, without
// changing the caller's config behind its back; a taken port is an error, not a hang.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createTestDatabase, testConfig } from '../testing/harness.ts';
import { twilioSignatureOf } from '../testing/messaging.ts';
import { startServer } from './server.ts';

const database = await createTestDatabase();
after(() => database.drop());

/** The server URL the API reference advertises: built from publicUrl, like media and recording links. */
async function advertised(url: string): Promise<string> {
  const doc = (await (await fetch(`${url}/v1/openapi.json`)).json()) as { servers: { url: string }[] };
  return doc.servers[0]!.url;
}

describe('startServer', () => {
  test('without PUBLIC_URL, links follow the port the server got (port 0: a free one)', async () => {
    const config = { ...testConfig(database.url), port: 0, publicUrl: 'http://localhost:3000', publicUrlExplicit: false, setupPoller: false };
    const server = await startServer(config, () => {});
    try {
      assert.match(server.url, /^http:\/\/localhost:\d+$/);
      assert.notEqual(server.url, 'http://localhost:3000');
      assert.equal(await advertised(server.url), server.url);
      assert.equal(server.services.config.publicUrl, server.url);
      assert.equal(config.publicUrl, 'http://localhost:3000', "the caller's config is left as it was");
    } finally {
      await server.close();
    }
  });

  test('an explicit PUBLIC_URL is kept whatever the port', async () => {
    const config = { ...testConfig(database.url), port: 0, publicUrl: 'https://sms.example.com', publicUrlExplicit: true, setupPoller: false };
    const server = await startServer(config, () => {});
    try {
      assert.equal(await advertised(server.url), 'https://sms.example.com');
    } finally {
      await server.close();
    }
  });

  test('a port already in use fails to start instead of hanging', async () => {
    const config = { ...testConfig(database.url), port: 0, publicUrlExplicit: false, setupPoller: false };
    const first = await startServer(config, () => {});
    try {
      const port = Number(new URL(first.url).port);
      await assert.rejects(startServer({ ...config, port }, () => {}), /EADDRINUSE/);
    } finally {
      await first.close();
    }
  });

  test('a messaging webhook over a real socket: signed and accepted, tampered refused, malformed 422, oversized 413', async () => {
    // Served by @hono/node-server the route reads the body from Node's request itself (app.request
    // in the other tests goes through Hono's Request): the same answers either way.
    const authToken = 'socket-test-auth-token';
    const publicUrl = 'https://sms.example.com';
    const config = { ...testConfig(database.url), port: 0, publicUrl, publicUrlExplicit: true, setupPoller: false, twilioAuthToken: authToken };
    const server = await startServer(config, () => {});
    const path = '/webhooks/twilio/messaging';
    const post = (params: Record<string, string>, signature = twilioSignatureOf(authToken, `${publicUrl}${path}`, params)) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        body: new URLSearchParams(params).toString(),
      });
    try {
      const params = { MessageSid: 'SM' + 'a'.repeat(32), From: '+17275550101', To: '+18135550100', Body: 'Über café 👋 & more=yes', NumMedia: '0' };
      const accepted = await post(params);
      assert.equal(accepted.status, 200, await accepted.clone().text());
      assert.match(await accepted.text(), /<Response\/>/);
      const row = await server.services.db.inboxMessage.findUniqueOrThrow({ where: { carrierSid: params.MessageSid } });
      assert.deepEqual(JSON.parse(row.payload), params, 'the form fields exactly as signed, UTF-8 included');

      const tampered = await post({ ...params, MessageSid: 'SM' + 'b'.repeat(32), Body: 'changed' }, twilioSignatureOf(authToken, `${publicUrl}${path}`, params));
      assert.equal(tampered.status, 403);
      assert.equal(((await tampered.json()) as { error: { code: string } }).error.code, 'invalid_signature');

      const missing = await post({ From: '+17275550101', To: '+18135550100', Body: 'no sid' });
      assert.equal(missing.status, 422);
      assert.equal(((await missing.json()) as { error: { details: { field: string } } }).error.details.field, 'MessageSid');

      const huge = { ...params, MessageSid: 'SM' + 'c'.repeat(32), Body: 'x'.repeat(1024 * 1024 + 1) };
      const oversized = await post(huge);
      assert.equal(oversized.status, 413);
      assert.equal(((await oversized.json()) as { error: { code: string } }).error.code, 'payload_too_large');
      assert.equal(await server.services.db.inboxMessage.count({ where: { carrierSid: { in: ['SM' + 'b'.repeat(32), huge.MessageSid] } } }), 0);
    } finally {
      await server.close();
    }
  });
});
