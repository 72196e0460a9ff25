// Test harness: a real database (a fresh SQLite file, or a fresh PostgreSQL database when
// TEST_DATABASE=postgres), migrated with the committed migrations, and the real app on it.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { mintEmbedToken } from '@threadline/sdk/node';
import type { Role } from '@threadline/sdk';
import { loadConfig, type Config } from '../config.ts';
import { createDb } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';

/** Where PostgreSQL test databases are created. */
export const TEST_POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  provider: 'sqlite' | 'postgres';
  drop(): Promise<void>;
}

/** A fresh, migrated, empty database for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (process.env.TEST_DATABASE === 'postgres') {
    const name = `tl_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const admin = new pg.Client({ connectionString: TEST_POSTGRES_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = TEST_POSTGRES_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
    await migrate(url);
    return {
      url,
      provider: 'postgres',
      async drop() {
        const client = new pg.Client({ connectionString: TEST_POSTGRES_ADMIN_URL });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'threadline-test-'));
  const url = `file:${join(dir, 'test.db')}`;
  await migrate(url);
  return { url, provider: 'sqlite', drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** Configuration for tests: simulator carrier with fast steps and no random failures. */
export function testConfig(databaseUrl: string, overrides: Partial<Config> = {}): Config {
  const mediaDir = mkdtempSync(join(tmpdir(), 'threadline-media-'));
  return {
    ...loadConfig({ THREADLINE_SECRET: 'test-secret-at-least-16-chars', SIMULATOR_FAILURE_RATE: '0', SIMULATOR_STEP_MS: '10' }),
    databaseUrl,
    publicUrl: 'http://threadline.test',
    publicUrlExplicit: true,
    mediaDir,
    ...overrides,
  };
}

/** An embed token for a business and role, signed with the config's secret. */
export async function tokenFor(config: Config, businessId: string, role: Role = 'owner', userId = `user-${role}`): Promise<string> {
  return (await mintEmbedToken({ secret: config.secret, businessId, userId, role })).token;
}

// Each test file has a database of its own and seeds it from one process: a counter from a random
// start gives its businesses distinct numbers (random picks collided now and then).
let numberSuffix = 1000 + Math.floor(Math.random() * 8000);
function nextNumberSuffix(): string {
  numberSuffix = numberSuffix >= 9999 ? 1000 : numberSuffix + 1;
  return String(numberSuffix);
}

/** Seeds a business with a ready US number, a Canadian number and balance; returns the ids. */
export async function seedBusiness(databaseUrl: string, name = 'Acme Plumbing', balance = 1000) {
  const db = createDb(databaseUrl);
  try {
    const business = await db.business.create({ data: { name, balance } });
    if (balance) {
      await db.ledgerEntry.create({ data: { businessId: business.id, amount: balance, balanceAfter: balance, kind: 'top-up', description: 'Opening balance' } });
    }
    const flow = await db.callFlow.create({ data: { businessId: business.id, name: 'Main IVR' } });
    await db.brand.create({ data: { businessId: business.id, status: 'verified', data: '{}' } });
    const campaign = await db.campaign.create({ data: { businessId: business.id, status: 'approved', data: '{}' } });
    const suffix = nextNumberSuffix();
    const us = await db.trackingNumber.create({
      data: {
        businessId: business.id, e164: `+1813555${suffix}`, friendlyName: 'Tampa PPC', country: 'US', type: 'local',
        callFlowId: flow.id, campaignId: campaign.id, assignmentStatus: 'assigned',
      },
    });
    const ca = await db.trackingNumber.create({
      data: { businessId: business.id, e164: `+1416555${suffix}`, friendlyName: 'Toronto', country: 'CA', type: 'local' },
    });
    return { businessId: business.id, callFlowId: flow.id, campaignId: campaign.id, usNumberId: us.id, usNumber: us.e164, caNumberId: ca.id, caNumber: ca.e164 };
  } finally {
    await db.$disconnect();
  }
}
