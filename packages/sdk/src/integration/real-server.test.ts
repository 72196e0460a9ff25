// The SDK against the real server (child process, temp SQLite, simulator carrier). Skipped until the
// server package has its CLI; run with the rest: `pnpm --filter @threadline/sdk test`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SignJWT } from 'jose';
import { createClient } from '../client.ts';
import { EMBED_TOKEN_AUDIENCE, EMBED_TOKEN_ISSUER, mintEmbedToken } from '../node/embed-token.ts';
import { until } from '../testing/fake-api.ts';
import { SERVER_DIR, TEST_SECRET, serverReady, startRealServer, type RealServer } from '../testing/real-server.ts';
import type { Message, Thread } from '../types.ts';

const ready = serverReady();

describe('against the real server', { skip: ready ? false : 'packages/server has no CLI yet' }, () => {
  let server: RealServer;
  let dropDatabase: () => Promise<void>;
  let seed: { businessId: string; usNumber: string; usNumberId: string };
  let token: string;
  const contact = (i: number) => `+1727555${String(1000 + i)}`;

  async function inbound(from: string, body: string): Promise<Message> {
    const response = await fetch(`${server.baseUrl}/v1/dev/inbound-sms`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ to: seed.usNumber, from, body }),
    });
    assert.equal(response.status, 201, await response.clone().text());
    return (await response.json()) as Message;
  }

  async function signed(secret: string, expiresInSeconds: number): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ bid: seed.businessId, role: 'owner' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject('sdk-user')
      .setIssuer(EMBED_TOKEN_ISSUER)
      .setAudience(EMBED_TOKEN_AUDIENCE)
      .setIssuedAt(now - 7200)
      .setExpirationTime(now + expiresInSeconds)
      .sign(new TextEncoder().encode(secret));
  }

  before(async () => {
    const harness = await import(pathToFileURL(join(SERVER_DIR, 'src/testing/harness.ts')).href);
    const database = await harness.createTestDatabase();
    dropDatabase = database.drop;
    seed = await harness.seedBusiness(database.url, 'SDK Integration Co', 100_000);
    server = await startRealServer(database.url);
    token = (await mintEmbedToken({ secret: TEST_SECRET, businessId: seed.businessId, userId: 'sdk-user', role: 'owner' })).token;
    // 25 threads, oldest first.
    for (let i = 0; i < 25; i++) await inbound(contact(i), `Hello ${i}`);
  });

  after(async () => {
    await server?.dispose();
    await dropDatabase?.();
  });

  test('lists threads page by page, and a live list moves an updated thread to the top', async () => {
    const client = createClient({ baseUrl: server.baseUrl, token });
    const seen: Thread[] = [];
    let cursor: string | null | undefined;
    do {
      const page = await client.threads.list({ limit: 10, ...(cursor ? { cursor } : {}) });
      assert.ok(page.items.length <= 10);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    assert.equal(new Set(seen.map((thread) => thread.id)).size, 25);
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i - 1]!.lastActivityAt >= seen[i]!.lastActivityAt, 'newest first');
    assert.equal(seen[0]!.contact.e164, contact(24));

    const list = client.threads.createThreadList({ limit: 10 });
    await until(() => !list.get().isLoading && client.connection.get().state === 'open', 5000, 'first page and stream');
    while (list.get().nextCursor) await list.loadNext();
    assert.equal(list.get().items.length, 25);
    assert.equal(new Set(list.get().items.map((thread) => thread.id)).size, 25);
    await inbound(contact(0), 'Back again');
    await until(() => list.get().items[0]?.contact.e164 === contact(0), 5000, 'thread moved to top');
    assert.equal(list.get().items[0]!.preview.text, 'Back again');
    assert.equal(list.get().items.length, 25);
    list.destroy();
    client.close();
  });

  test('sends from a timeline and reconciles with the server copy and its status updates', async () => {
    const client = createClient({ baseUrl: server.baseUrl, token });
    const { items } = await client.threads.list({ q: contact(3).slice(2) });
    const thread = items.find((item) => item.contact.e164 === contact(3))!;
    const timeline = client.timeline(thread.id);
    await until(() => !timeline.get().isLoading && timeline.get().items.length > 0 && client.connection.get().state === 'open', 5000, 'timeline');
    const sending = timeline.send('Hello from the SDK');
    const pending = timeline.get().items.at(-1)!;
    assert.equal(pending.sendState, 'sending');
    const result = await sending;
    assert.ok(result.ok, !result.ok ? `${result.error.code}: ${result.error.message}` : '');
    const id = result.message.id;
    await until(() => (timeline.get().items.find((entry) => entry.id === id) as Message | undefined)?.status === 'delivered', 10_000, 'delivered');
    const copies = timeline.get().items.filter((entry) => entry.id === id);
    assert.equal(copies.length, 1);
    assert.equal(copies[0]!.key, pending.key);
    assert.equal(timeline.get().items.some((entry) => entry.sendState !== undefined), false);
    // The list of this thread shows the message as its preview.
    const after = await client.threads.list({ q: contact(3).slice(2) });
    assert.equal(after.items.find((item) => item.id === thread.id)?.preview.text, 'Hello from the SDK');
    timeline.destroy();
    client.close();
  });

  test('replaces a refused token (bad signature, then expired) and retries once', async () => {
    const bad = await signed('a-different-secret-of-enough-length', 3600);
    const expired = await signed(TEST_SECRET, -60);
    const tokens = [bad, expired, token];
    let calls = 0;
    const client = createClient({ baseUrl: server.baseUrl, getToken: async () => tokens[calls++]! });
    assert.equal(calls, 0, 'lazy');
    const me = await client.me().catch((error: unknown) => error);
    // One retry only: the bad token is replaced by the expired one, which is refused too.
    assert.equal((me as { code?: string }).code, 'token_expired');
    assert.equal(calls, 2);
    assert.equal((await client.me()).businessId, seed.businessId, 'the next request refreshes again');
    assert.equal(calls, 3);

    const streamTokens = [expired, token];
    let streamCalls = 0;
    const live = createClient({ baseUrl: server.baseUrl, getToken: () => streamTokens[streamCalls++]! });
    live.on('message.created', () => {});
    await until(() => live.connection.get().state === 'open', 5000, 'stream open after refresh');
    assert.equal(streamCalls, 2);
    live.close();
    client.close();
  });

  test('resumes the live stream after the server is killed and restarted, losing no event', async () => {
    let gate: Promise<void> | null = null;
    let openGate = () => {};
    const streamRequests: Headers[] = [];
    // Holds reconnects back while the test writes events, so they can only arrive by replay.
    const gatedFetch: typeof fetch = async (input, init) => {
      if (String(input).includes('/v1/events')) {
        if (gate) await gate;
        streamRequests.push(new Headers(init?.headers));
      }
      return fetch(input, init);
    };
    const client = createClient({ baseUrl: server.baseUrl, token, fetch: gatedFetch, connection: { minDelayMs: 50, maxDelayMs: 500 } });
    const received: Array<{ id: number; body: string }> = [];
    let recovered = 0;
    client.on('message.created', (message, event) => received.push({ id: event.id, body: message.body }));
    client.on('connection.recovered', () => recovered++);
    await until(() => client.connection.get().state === 'open', 5000, 'open');
    await inbound(contact(30), 'before the crash');
    await until(() => received.some((item) => item.body === 'before the crash'), 5000, 'live event');

    gate = new Promise((resolve) => (openGate = resolve));
    await server.kill();
    await until(() => client.connection.get().state !== 'open', 5000, 'drop noticed');
    await server.start();
    for (const body of ['while away 1', 'while away 2', 'while away 3']) await inbound(contact(31), body);
    gate = null;
    openGate();

    await until(() => received.filter((item) => item.body.startsWith('while away')).length === 3, 10_000, 'replayed events');
    await inbound(contact(31), 'after the restart');
    await until(() => received.some((item) => item.body === 'after the restart'), 5000, 'live after restart');
    const ids = received.map((item) => item.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => a - b), 'in order');
    assert.equal(new Set(ids).size, ids.length, 'no duplicates');
    assert.deepEqual(received.map((item) => item.body).slice(-5), ['before the crash', 'while away 1', 'while away 2', 'while away 3', 'after the restart']);
    const resumed = streamRequests.at(-1)!;
    assert.ok(Number(resumed.get('last-event-id')) >= received.find((item) => item.body === 'before the crash')!.id);
    assert.ok(recovered >= 1);
    client.close();
  });
});
