// The demo pages and the dev-only token endpoint, through the real app on a real database. The
// pages' behaviour in a browser is covered end to end by e2e/.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { Me } from '@threadline/sdk';
import { createApp } from '../../app.ts';
import { closeServices, createServices } from '../../create-services.ts';
import { DEMO_BUSINESS_NAME } from '../../domain/demo/seed.ts';
import { createTestDatabase, seedBusiness, testConfig } from '../../testing/harness.ts';
import { createRouter } from '../router.ts';
import { demoRoutes } from './index.ts';

const database = await createTestDatabase();
const config = testConfig(database.url, { devEndpoints: true });
const services = await createServices(config, { worker: false });
const app = createApp(services);

// A business seeded before the demo one: the token must still be for the demo business.
await seedBusiness(database.url, 'Another Practice');
const demo = await seedBusiness(database.url, DEMO_BUSINESS_NAME);

const builds = mkdtempSync(join(tmpdir(), 'threadline-demo-builds-'));
const widgetsDir = join(builds, 'widgets');
const reactDir = join(builds, 'react');
mkdirSync(widgetsDir);
writeFileSync(join(widgetsDir, 'threadline-widgets.js'), 'export const built = true;\n');
/** The demo routes alone, over fake build folders (the real ones may or may not be built). */
const withBuilds = createRouter().route('/', demoRoutes(services, { widgetsDir, reactDir }));

after(async () => {
  await closeServices(services);
  await database.drop();
  rmSync(builds, { recursive: true, force: true });
});

async function tokenAs(role: string) {
  const response = await app.request(`/demo/token?role=${role}`);
  assert.equal(response.status, 200, await response.clone().text());
  return (await response.json()) as { token: string; role: string; businessId: string; businessName: string };
}

describe('demo pages', () => {
  test('/ embeds the inbox and the widgets bundle, with the business name escaped', async () => {
    const response = await app.request('/');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/html/);
    const page = await response.text();
    assert.match(page, /<tl-inbox id="inbox"><\/tl-inbox>/);
    assert.match(page, /<script type="module" src="\/assets\/threadline-widgets.js"><\/script>/);
    assert.match(page, /<title>Sunshine Dental &amp; Ortho · Threadline demo<\/title>/);
    for (const path of ['/v1/dev/inbound-sms', '/v1/dev/calls', '/demo/token?role=']) assert.ok(page.includes(path), `the panel does not use ${path}`);
  });

  test('/examples shows each component alone', async () => {
    const page = await (await app.request('/examples')).text();
    for (const tag of ['<tl-provider id="provider">', '<tl-thread-list id="list">', '<tl-timeline id="timeline">', '<tl-composer id="new-message"']) {
      assert.ok(page.includes(tag), `missing ${tag}`);
    }
  });

  test('the widgets bundle is served as JavaScript when built, and a 404 that says how to build it when not', async () => {
    const built = await withBuilds.request('/assets/threadline-widgets.js');
    assert.equal(built.status, 200);
    assert.match(built.headers.get('content-type') ?? '', /javascript/);
    assert.equal(await built.text(), 'export const built = true;\n');

    rmSync(join(widgetsDir, 'threadline-widgets.js'));
    const missing = await withBuilds.request('/assets/threadline-widgets.js');
    assert.equal(missing.status, 404);
    const body = (await missing.json()) as { error: { code: string; message: string } };
    assert.match(body.error.message, /pnpm --filter @threadline\/widgets build/);
  });

  test('the React example is served once built, and explained until then', async () => {
    const before = await withBuilds.request('/examples/react/');
    assert.equal(before.status, 404);
    assert.match(await before.text(), /pnpm --filter @threadline\/example-react build/);

    mkdirSync(reactDir);
    writeFileSync(join(reactDir, 'index.html'), '<!doctype html><div id="root"></div>');
    const after = await withBuilds.request('/examples/react/');
    assert.equal(after.status, 200);
    assert.equal(await after.text(), '<!doctype html><div id="root"></div>');
    assert.equal((await withBuilds.request('/examples/react')).headers.get('location'), '/examples/react/');
  });

  test('no path outside the build folders is served', async () => {
    const response = await withBuilds.request('/assets/..%2f..%2fpackage.json');
    assert.equal(response.status, 404);
  });
});

describe('GET /demo/token', () => {
  test('signs in as each role of the demo business', async () => {
    for (const role of ['owner', 'admin', 'manager', 'viewer']) {
      const minted = await tokenAs(role);
      assert.equal(minted.businessId, demo.businessId);
      assert.equal(minted.businessName, DEMO_BUSINESS_NAME);
      const me = (await (await app.request('/v1/me', { headers: { authorization: `Bearer ${minted.token}` } })).json()) as Me;
      assert.equal(me.role, role);
      assert.equal(me.businessId, demo.businessId);
    }
  });

  test('a viewer token really is read-only on the server', async () => {
    const { token } = await tokenAs('viewer');
    const response = await app.request('/v1/messages', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ from: demo.usNumberId, to: '+18135550142', body: 'Hi' }),
    });
    assert.equal(response.status, 403);
  });

  test('an unknown role is a 422 naming the field', async () => {
    const response = await app.request('/demo/token?role=superuser');
    assert.equal(response.status, 422);
    const body = (await response.json()) as { error: { code: string; details: { field: string } } };
    assert.equal(body.error.code, 'invalid_request');
    assert.equal(body.error.details.field, 'role');
  });
});

describe('without dev endpoints (production settings)', () => {
  test('there is no demo page and no token endpoint', async () => {
    const production = createApp({ ...services, config: { ...config, devEndpoints: false } });
    for (const path of ['/', '/examples', '/demo/token?role=owner', '/assets/threadline-widgets.js']) {
      const response = await production.request(path);
      assert.equal(response.status, 404, path);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'not_found');
    }
  });
});
