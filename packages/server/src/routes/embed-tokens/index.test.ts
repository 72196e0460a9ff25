// POST /v1/embed-tokens (API key) and GET /v1/me (embed token): who may mint for which business,
// the member row it records, and that the token it returns works.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, test } from 'node:test';
import type { EmbedToken, Me } from '@threadline/sdk';
import { verifyEmbedToken } from '@threadline/sdk/node';
import { createApp } from '../../app.ts';
import { closeServices, createServices } from '../../create-services.ts';
import { API_KEY_PREFIX, hashApiKey } from '../../middleware/auth/index.ts';
import { createTestDatabase, seedBusiness, testConfig, tokenFor } from '../../testing/harness.ts';

const database = await createTestDatabase();
const config = testConfig(database.url);
const services = await createServices(config, { worker: false });
const app = createApp(services);
const { db } = services;

const agency = await db.agency.create({ data: { name: 'Bright Agency' } });
const client1 = await seedBusiness(database.url, 'Agency Client One');
const client2 = await seedBusiness(database.url, 'Agency Client Two');
const independent = await seedBusiness(database.url, 'Independent Dental');
await db.business.updateMany({ where: { id: { in: [client1.businessId, client2.businessId] } }, data: { agencyId: agency.id } });

async function newKey(owner: { agencyId?: string; businessId?: string }, revoked = false): Promise<string> {
  const secret = `${API_KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
  await db.apiKey.create({
    data: { ...owner, name: 'test', prefix: secret.slice(0, 10), secretHash: hashApiKey(secret), revokedAt: revoked ? new Date() : null },
  });
  return secret;
}
const agencyKey = await newKey({ agencyId: agency.id });
const businessKey = await newKey({ businessId: independent.businessId });
const revokedKey = await newKey({ businessId: independent.businessId }, true);

after(async () => {
  await closeServices(services);
  await database.drop();
});

function mint(key: string, body: unknown) {
  return app.request('/v1/embed-tokens', {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('POST /v1/embed-tokens', () => {
  test('an agency key mints for each of its businesses; the token opens /v1/me', async () => {
    for (const client of [client1, client2]) {
      const response = await mint(agencyKey, { businessId: client.businessId, userId: 'u_42', role: 'manager', ttlSeconds: 600 });
      assert.equal(response.status, 201);
      const { token, expiresAt } = (await response.json()) as EmbedToken;
      const lifetime = Date.parse(expiresAt) - Date.now();
      assert.ok(lifetime > 590_000 && lifetime <= 600_000, `lifetime ${lifetime}`);
      const claims = await verifyEmbedToken(token, config.secret);
      assert.deepEqual({ b: claims.businessId, u: claims.userId, r: claims.role }, { b: client.businessId, u: 'u_42', r: 'manager' });
      const me = await app.request('/v1/me', { headers: { authorization: `Bearer ${token}` } });
      assert.equal(me.status, 200);
      assert.deepEqual(await me.json(), {
        businessId: client.businessId,
        businessName: client === client1 ? 'Agency Client One' : 'Agency Client Two',
        userId: 'u_42',
        role: 'manager',
      } satisfies Me);
    }
  });

  test("an agency key gets 404 for a business outside the agency", async () => {
    const response = await mint(agencyKey, { businessId: independent.businessId, userId: 'u_1', role: 'owner' });
    assert.equal(response.status, 404);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'not_found');
  });

  test('a business key mints only for its own business', async () => {
    const own = await mint(businessKey, { businessId: independent.businessId, userId: 'front-desk', role: 'viewer' });
    assert.equal(own.status, 201);
    const { expiresAt } = (await own.json()) as EmbedToken;
    const lifetime = Date.parse(expiresAt) - Date.now();
    assert.ok(lifetime > 3_590_000 && lifetime <= 3_600_000, 'default lifetime is an hour');
    const other = await mint(businessKey, { businessId: client1.businessId, userId: 'front-desk', role: 'viewer' });
    assert.equal(other.status, 404);
    const missing = await mint(businessKey, { businessId: 'no-such-business', userId: 'x', role: 'viewer' });
    assert.equal(missing.status, 404);
  });

  test('records the member and updates their role on the next mint', async () => {
    await mint(businessKey, { businessId: independent.businessId, userId: 'dr-lee', role: 'manager' });
    await mint(businessKey, { businessId: independent.businessId, userId: 'dr-lee', role: 'admin' });
    const members = await db.member.findMany({ where: { businessId: independent.businessId, userId: 'dr-lee' } });
    assert.equal(members.length, 1);
    assert.equal(members[0]!.role, 'admin');
  });

  test('refuses revoked, unknown and missing keys, and embed tokens, with 401', async () => {
    const body = { businessId: independent.businessId, userId: 'u', role: 'owner' };
    assert.equal((await mint(revokedKey, body)).status, 401);
    assert.equal((await mint(`${API_KEY_PREFIX}not-a-real-key`, body)).status, 401);
    assert.equal((await mint(await tokenFor(config, independent.businessId, 'owner'), body)).status, 401);
    const none = await app.request('/v1/embed-tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(none.status, 401);
  });

  test('bad input is a 422 naming the field, and nothing is recorded', async () => {
    const base = { businessId: independent.businessId, userId: 'new-user', role: 'owner', ttlSeconds: 3600 };
    for (const [change, field] of [
      [{ role: 'superuser' }, 'role'],
      [{ ttlSeconds: 30 }, 'ttlSeconds'],
      [{ ttlSeconds: 86_401 }, 'ttlSeconds'],
      [{ ttlSeconds: 60.5 }, 'ttlSeconds'],
      [{ userId: '' }, 'userId'],
      [{ businessId: undefined }, 'businessId'],
    ] as const) {
      const response = await mint(businessKey, { ...base, ...change });
      assert.equal(response.status, 422, JSON.stringify(change));
      assert.equal(((await response.json()) as { error: { details: { field: string } } }).error.details.field, field);
    }
    assert.equal(await db.member.count({ where: { userId: 'new-user' } }), 0);
  });
});

describe('GET /v1/me', () => {
  test('says who the token is for, and refuses bad tokens', async () => {
    const token = await tokenFor(config, client2.businessId, 'viewer', 'viewer-7');
    const response = await app.request('/v1/me', { headers: { authorization: `Bearer ${token}` } });
    assert.deepEqual(await response.json(), { businessId: client2.businessId, businessName: 'Agency Client Two', userId: 'viewer-7', role: 'viewer' });
    const forged = await tokenFor({ ...config, secret: 'some-other-secret-of-16+' }, client2.businessId);
    assert.equal((await app.request('/v1/me', { headers: { authorization: `Bearer ${forged}` } })).status, 401);
    assert.equal((await app.request('/v1/me', { headers: { authorization: `Bearer ${agencyKey}` } })).status, 401);
  });

  test('a token for a business that does not exist is a 404', async () => {
    const token = await tokenFor(config, 'deleted-business');
    assert.equal((await app.request('/v1/me', { headers: { authorization: `Bearer ${token}` } })).status, 404);
  });
});
