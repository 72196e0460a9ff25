import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from './client.ts';
import { ThreadlineError } from './errors.ts';
import { createFakeApi, tick, until } from './testing/fake-api.ts';

const baseUrl = 'http://threadline.test';

test('sends the token and turns error bodies into ThreadlineError', async () => {
  const api = createFakeApi();
  api.on('GET', /^\/v1\/me$/, () => ({ body: { businessId: 'b1', businessName: 'Acme', userId: 'u1', role: 'manager' } }));
  api.on('POST', /^\/v1\/messages$/, () => ({
    status: 402,
    body: { error: { code: 'insufficient_balance', message: 'Add funds', details: { cost: 4, balance: 1 } } },
  }));
  const client = createClient({ baseUrl: `${baseUrl}/`, token: 't1', fetch: api.fetch });
  assert.equal((await client.me()).businessName, 'Acme');
  assert.equal(api.calls[0]!.headers.get('authorization'), 'Bearer t1');
  assert.equal(api.calls[0]!.path, '/v1/me');
  const error = await client.messages.send({ from: 'n1', to: '+18135551234', body: 'hi' }).catch((e: unknown) => e);
  assert.ok(error instanceof ThreadlineError);
  assert.deepEqual([error.status, error.code, error.message, error.details], [402, 'insufficient_balance', 'Add funds', { cost: 4, balance: 1 }]);
  assert.deepEqual(api.calls[1]!.body, { from: 'n1', to: '+18135551234', body: 'hi' });
});

test('reports a network failure as network_error with status 0, and a bodiless 500 by status', async () => {
  const failing = createClient({ baseUrl, token: 't', fetch: async () => { throw new TypeError('fetch failed'); } });
  const error = await failing.me().catch((e: unknown) => e);
  assert.ok(error instanceof ThreadlineError);
  assert.deepEqual([error.status, error.code], [0, 'network_error']);
  const api = createFakeApi();
  api.on('GET', /^\/v1\/numbers$/, () => ({ status: 503 }));
  const broken = await createClient({ baseUrl, token: 't', fetch: api.fetch }).numbers.list().catch((e: unknown) => e);
  assert.deepEqual([(broken as ThreadlineError).status, (broken as ThreadlineError).code], [503, 'internal']);
});

test('calls getToken lazily, once for concurrent requests, and again after token_expired', async () => {
  const api = createFakeApi();
  let valid = 'token-1';
  api.on('GET', /^\/v1\/numbers$/, (call) =>
    call.headers.get('authorization') === `Bearer ${valid}`
      ? { body: { items: [] } }
      : { status: 401, body: { error: { code: 'token_expired', message: 'expired' } } },
  );
  let minted = 0;
  const client = createClient({ baseUrl, fetch: api.fetch, getToken: async () => `token-${++minted}` });
  assert.equal(minted, 0);
  await Promise.all([client.numbers.list(), client.numbers.list(), client.numbers.list()]);
  assert.equal(minted, 1);
  valid = 'token-2';
  await Promise.all([client.numbers.list(), client.numbers.list()]);
  assert.equal(minted, 2, 'two refused requests share one refresh');
  assert.equal(api.calls.length, 3 + 2 + 2);
});

test('retries a refused request only once, and not at all with a fixed token', async () => {
  const api = createFakeApi();
  api.on('GET', /^\/v1\/me$/, () => ({ status: 401, body: { error: { code: 'unauthorized', message: 'no' } } }));
  let minted = 0;
  const client = createClient({ baseUrl, fetch: api.fetch, getToken: () => `t${++minted}` });
  const error = await client.me().catch((e: unknown) => e);
  assert.equal((error as ThreadlineError).code, 'unauthorized');
  assert.equal(api.calls.length, 2);
  const fixed = createClient({ baseUrl, fetch: api.fetch, token: 'fixed' });
  await fixed.me().catch(() => {});
  assert.equal(api.calls.length, 3);
});

test('builds query strings and unwraps list responses', async () => {
  const api = createFakeApi();
  api.on('GET', /^\/v1\/threads$/, () => ({ body: { items: [], nextCursor: null } }));
  api.on('GET', /^\/v1\/call-flows$/, () => ({ body: { items: [{ id: 'cf1', name: 'Sales' }] } }));
  api.on('PATCH', /^\/v1\/contacts\/c%201$/, (call) => ({ body: { id: 'c 1', ...(call.body as object) } }));
  const client = createClient({ baseUrl, token: 't', fetch: api.fetch });
  await client.threads.list({ q: 'ann', trackingNumberId: undefined, limit: 5, cursor: '' });
  assert.equal(api.calls[0]!.query.toString(), 'q=ann&limit=5');
  assert.deepEqual(await client.callFlows.list(), [{ id: 'cf1', name: 'Sales' }]);
  assert.deepEqual(await client.contacts.update('c 1', { name: 'Ann' }), { id: 'c 1', name: 'Ann' });
});

test('uploads media as multipart with fetch in Node and reports completion', async () => {
  const api = createFakeApi();
  api.on('POST', /^\/v1\/media$/, async (call) => {
    const file = (call.body as FormData).get('file') as File;
    return { status: 201, body: { id: 'm1', filename: file.name, size: file.size, contentType: file.type, url: '/media/m1' } };
  });
  const client = createClient({ baseUrl, token: 't', fetch: api.fetch });
  const progress: number[] = [];
  const media = await client.media.upload(new Blob(['abc'], { type: 'image/png' }), { filename: 'a.png', onProgress: (p) => progress.push(p.loaded / p.total) });
  assert.deepEqual([media.id, media.filename, media.size, media.contentType], ['m1', 'a.png', 3, 'image/png']);
  assert.deepEqual(progress, [1]);
});

test('opens one stream on the first listener, delivers typed events, and closes', async () => {
  const api = createFakeApi();
  const client = createClient({ baseUrl, token: 't', fetch: api.fetch });
  await tick();
  assert.equal(api.streams.length, 0, 'no stream before a listener');
  const states: string[] = [];
  client.on('connection.changed', ({ state }) => states.push(state));
  const bodies: string[] = [];
  const ids: number[] = [];
  client.on('message.created', (message, event) => {
    bodies.push(message.body);
    ids.push(event.id);
  });
  await until(() => api.streams.length === 1 && client.connection.get().state === 'open');
  assert.equal(api.streams[0]!.call.headers.get('authorization'), 'Bearer t');
  assert.equal(api.streams[0]!.call.headers.get('last-event-id'), null);
  api.streams[0]!.write(': ping\n\n');
  api.streams[0]!.send(5, 'message.created', { body: 'hello' });
  api.streams[0]!.send(6, 'thread.updated', { id: 'th1' });
  await until(() => bodies.length === 1);
  assert.deepEqual(ids, [5]);
  await until(() => client.connection.get().lastEventId === 6);
  client.close();
  await tick(20);
  assert.equal(api.streams[0]!.closed, true);
  assert.deepEqual(states, ['connecting', 'open', 'closed']);
  assert.equal(api.streams.length, 1);
});

test('reconnects with backoff after a drop, resumes with Last-Event-ID and reports recovery', async () => {
  const api = createFakeApi();
  const client = createClient({ baseUrl, token: 't', fetch: api.fetch, connection: { minDelayMs: 10, maxDelayMs: 40 } });
  const received: number[] = [];
  let recovered = 0;
  client.on('message.created', (_message, event) => received.push(event.id));
  client.on('connection.recovered', () => recovered++);
  await until(() => api.streams.length === 1);
  api.streams[0]!.send(1, 'message.created', {});
  api.streams[0]!.write('id: 2\nevent: message.created\nda'); // cut mid-event: replayed later
  await until(() => received.length === 1);
  api.streams[0]!.fail();
  await until(() => api.streams.length === 2);
  assert.equal(api.streams[1]!.call.headers.get('last-event-id'), '1');
  api.streams[1]!.send(2, 'message.created', {});
  await until(() => received.length === 2);
  assert.equal(recovered, 1);
  api.streams[1]!.end(); // a clean end (server restart) also reconnects
  await until(() => api.streams.length === 3);
  assert.equal(api.streams[2]!.call.headers.get('last-event-id'), '2');
  await until(() => recovered === 2);
  assert.deepEqual(received, [1, 2]);
  client.close();
});

test('backs off while the server refuses, and refreshes an expired token for the stream', async () => {
  const api = createFakeApi();
  let refusals = 3;
  api.onEvents((call) => {
    if (call.headers.get('authorization') === 'Bearer old') return { status: 401, body: { error: { code: 'token_expired', message: 'x' } } };
    if (refusals-- > 0) return { status: 503, body: null };
    return undefined;
  });
  const tokens = ['old', 'new'];
  const client = createClient({ baseUrl, getToken: () => tokens.shift()!, fetch: api.fetch, connection: { minDelayMs: 5, maxDelayMs: 20 } });
  client.on('connection.changed', () => {});
  await until(() => client.connection.get().state === 'open', 3000, 'open');
  const eventCalls = api.calls.filter((call) => call.path === '/v1/events');
  assert.deepEqual(eventCalls.map((call) => call.headers.get('authorization')), ['Bearer old', 'Bearer new', 'Bearer new', 'Bearer new', 'Bearer new']);
  client.close();
});

test('reconnects when the heartbeat stops', async () => {
  const api = createFakeApi();
  const client = createClient({ baseUrl, token: 't', fetch: api.fetch, connection: { minDelayMs: 5, heartbeatTimeoutMs: 60 } });
  client.on('message.created', () => {});
  await until(() => api.streams.length === 1);
  await until(() => api.streams.length === 2, 1000, 'reconnect after silence');
  assert.equal(api.streams[0]!.closed, true);
  client.close();
});

test('setup and billing call their routes', async () => {
  const api = createFakeApi();
  api.on('GET', /./, () => ({ body: { items: [], nextCursor: null } }));
  api.on('PUT', /./, () => ({ body: {} }));
  api.on('POST', /./, () => ({ status: 202, body: {} }));
  const client = createClient({ baseUrl, token: 't', fetch: api.fetch });
  await client.setup.get();
  await client.setup.saveBrand({ legalName: 'Acme' });
  await client.setup.submitBrand();
  await client.setup.createCampaign({});
  await client.setup.saveCampaign('c1', {});
  await client.setup.submitCampaign('c1');
  await client.setup.assignNumbers({ campaignId: 'c1', trackingNumberIds: ['n1'] });
  await client.setup.saveTollFree('n2', {});
  await client.setup.submitTollFree('n2');
  await client.billing.balance();
  await client.billing.ledger({ cursor: 'x' });
  await client.threads.markRead('t1');
  await client.messages.quote({ from: 'n1', to: '+18135551234', body: 'hi' });
  assert.deepEqual(
    api.calls.map((call) => `${call.method} ${call.path}${call.query.size ? `?${call.query}` : ''}`),
    [
      'GET /v1/messaging-setup',
      'PUT /v1/messaging-setup/brand',
      'POST /v1/messaging-setup/brand/submit',
      'POST /v1/messaging-setup/campaigns',
      'PUT /v1/messaging-setup/campaigns/c1',
      'POST /v1/messaging-setup/campaigns/c1/submit',
      'POST /v1/messaging-setup/assignments',
      'PUT /v1/messaging-setup/toll-free/n2',
      'POST /v1/messaging-setup/toll-free/n2/submit',
      'GET /v1/billing/balance',
      'GET /v1/billing/ledger?cursor=x',
      'POST /v1/threads/t1/read',
      'POST /v1/messages/quote',
    ],
  );
});

test('a failing getToken is reported as unauthorized with its cause, and asked again next time', async () => {
  const api = createFakeApi();
  api.on('GET', /^\/v1\/me$/, () => ({ body: { userId: 'u1' } }));
  let calls = 0;
  const client = createClient({
    baseUrl,
    fetch: api.fetch,
    getToken: async () => {
      if (++calls === 1) throw new Error('host backend down');
      return 'ok';
    },
  });
  const error = await client.me().catch((e: unknown) => e);
  assert.ok(error instanceof ThreadlineError && error.code === 'unauthorized' && error.status === 0);
  assert.equal((error.cause as Error).message, 'host backend down');
  assert.equal((await client.me()).userId, 'u1');
  assert.equal(calls, 2);
});
