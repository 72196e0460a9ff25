// GET /v1/openapi.json and GET /v1/docs: every route the app serves is in the document and on the
// page, with the details a reader needs.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createApp } from '../../app.ts';
import { closeServices, createServices } from '../../create-services.ts';
import { createTestDatabase, testConfig } from '../../testing/harness.ts';

const database = await createTestDatabase();
const config = testConfig(database.url);
const services = await createServices(config, { worker: false });
const app = createApp(services);

after(async () => {
  await closeServices(services);
  await database.drop();
});

interface Doc {
  openapi: string;
  servers: { url: string }[];
  paths: Record<string, Record<string, { summary?: string; security?: unknown[]; parameters?: { name: string }[] }>>;
  components: { securitySchemes: Record<string, { scheme: string }>; schemas: Record<string, unknown> };
}

const served = app.routes
  .filter((route) => ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method) && !route.path.includes('*'))
  .map((route) => ({ method: route.method.toLowerCase(), path: route.path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}') }));

test('the OpenAPI document lists every route the app serves', async () => {
  const response = await app.request('/v1/openapi.json');
  assert.equal(response.status, 200);
  const doc = (await response.json()) as Doc;
  assert.equal(doc.openapi, '3.1.0');
  assert.deepEqual(doc.servers, [{ url: 'http://threadline.test', description: 'This server' }]);
  assert.equal(doc.components.securitySchemes['embedToken']!.scheme, 'bearer');
  assert.equal(doc.components.securitySchemes['apiKey']!.scheme, 'bearer');
  for (const { method, path } of served) assert.ok(doc.paths[path]?.[method], `${method.toUpperCase()} ${path} is missing`);
  const list = doc.paths['/v1/threads']!['get']!;
  assert.deepEqual(list.security, [{ embedToken: [] }]);
  assert.deepEqual(
    list.parameters!.map((p) => p.name).sort(),
    ['callFlowId', 'cursor', 'from', 'limit', 'q', 'to', 'trackingNumberId'],
  );
  assert.deepEqual(doc.paths['/v1/embed-tokens']!['post']!.security, [{ apiKey: [] }]);
  for (const schema of ['Thread', 'Message', 'Call', 'TrackingNumber', 'Readiness', 'Error', 'EmbedTokenInput']) assert.ok(doc.components.schemas[schema], schema);
});

test('the HTML reference shows each operation with its parameters, body fields and responses', async () => {
  const response = await app.request('/v1/docs');
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /text\/html/);
  const html = await response.text();
  assert.ok(!/<script|https?:\/\/(cdn|unpkg|fonts)/i.test(html), 'the page must not load anything from elsewhere');
  for (const { method, path } of served) {
    const escaped = path.replaceAll('&', '&amp;');
    assert.ok(html.includes(`<span class="method ${method}">${method.toUpperCase()}</span> <code class="path">${escaped}</code>`), `${method} ${path} not on the page`);
  }
  // Parameters of the thread list, fields of the embed-token body, a response schema's fields.
  assert.match(html, /<code>trackingNumberId<\/code>/);
  assert.match(html, /<code>ttlSeconds<\/code>/);
  assert.match(html, /<code>contact\.e164<\/code>|id="schema-contact"/);
  assert.match(html, /id="schema-thread"/);
  assert.match(html, /Auth: Embed token/);
  assert.match(html, /Auth: API key/);
  assert.match(html, /<h2 id="tag-threads">Threads<\/h2>/);
});
