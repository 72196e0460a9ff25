// startServer: links name the port actually listened on unless PUBLIC_URL says otherwise, without
// changing the caller's config behind its back; a taken port is an error, not a hang.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createTestDatabase, testConfig } from '../testing/harness.ts';
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
});
