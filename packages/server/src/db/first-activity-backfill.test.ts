// The thread_first_activity migration on a database that already has threads: it must fill
// Thread.firstActivityAt and ThreadNumber.firstActivityAt with the oldest message or call (of the
// thread, of the thread on that number), on SQLite and on PostgreSQL. The migrations before it are
// applied as they are committed, then rows are written the way the app wrote them, then it runs.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { pgConfig, providerFiles, serverRoot, type Provider } from './schema-engine.ts';

const TARGET = 'thread_first_activity';

/** The SQL of every migration before TARGET, and of TARGET itself. */
async function migrationsOf(provider: Provider) {
  const dir = join(serverRoot, providerFiles[provider].migrations);
  const folders = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const index = folders.findIndex((name) => name.endsWith(`_${TARGET}`));
  assert.ok(index > 0, `no ${TARGET} migration for ${provider}`);
  const read = (name: string) => readFile(join(dir, name, 'migration.sql'), 'utf8');
  return { before: await Promise.all(folders.slice(0, index).map(read)), target: await read(folders[index]!) };
}

/** Rows as the app stored them before the migration; `ts` writes a UTC instant the provider's way. */
function seedSql(ts: (iso: string) => string): string {
  const message = (id: string, thread: string, number: string, at: string) =>
    `INSERT INTO "Message" ("id","businessId","threadId","trackingNumberId","direction","from","to","body","encoding","segments","status","createdAt","updatedAt")
     VALUES ('${id}','b','${thread}','${number}','inbound','+18135550001','+18135550100','Hi','GSM-7',1,'received',${ts(at)},${ts(at)});`;
  const call = (id: string, thread: string, number: string, at: string) =>
    `INSERT INTO "Call" ("id","businessId","threadId","trackingNumberId","direction","from","to","status","carrierSid","startedAt","createdAt","updatedAt")
     VALUES ('${id}','b','${thread}','${number}','inbound','+18135550001','+18135550100','answered','CA${id}',${ts(at)},${ts(at)},${ts(at)});`;
  const thread = (id: string, last: string) => `
    INSERT INTO "Contact" ("id","businessId","e164","searchText","createdAt","updatedAt") VALUES ('c${id}','b','+1813555${id.padStart(4, '0')}','',${ts(last)},${ts(last)});
    INSERT INTO "Thread" ("id","businessId","contactId","lastActivityAt","previewKind","previewText","previewDirection","createdAt") VALUES ('${id}','b','c${id}',${ts(last)},'sms','Hi','inbound',${ts(last)});`;
  const link = (threadId: string, number: string, last: string) =>
    `INSERT INTO "ThreadNumber" ("threadId","trackingNumberId","lastActivityAt") VALUES ('${threadId}','${number}',${ts(last)});`;
  return [
    `INSERT INTO "Business" ("id","name") VALUES ('b','Old Co');`,
    `INSERT INTO "TrackingNumber" ("id","businessId","e164","friendlyName","country","type") VALUES ('n1','b','+18135550100','Main','US','local'), ('n2','b','+18135550101','Ads','US','local');`,
    // Thread 1: messages on n1, and on n2 a call older than every message.
    thread('1', '2026-06-30T10:00:00.000Z'),
    link('1', 'n1', '2026-06-30T10:00:00.000Z'),
    link('1', 'n2', '2026-06-15T10:00:00.000Z'),
    message('m1', '1', 'n1', '2026-06-30T10:00:00.000Z'),
    message('m2', '1', 'n1', '2026-06-05T09:30:00.250Z'),
    message('m3', '1', 'n2', '2026-06-15T10:00:00.000Z'),
    call('k1', '1', 'n2', '2026-06-02T08:00:00.000Z'),
    // Thread 2: calls only.
    thread('2', '2026-05-20T12:00:00.000Z'),
    link('2', 'n1', '2026-05-20T12:00:00.000Z'),
    call('k2', '2', 'n1', '2026-05-20T12:00:00.000Z'),
    call('k3', '2', 'n1', '2026-05-01T12:00:00.000Z'),
    // Thread 3: no event at all (the app never leaves one behind): its last activity stands in.
    thread('3', '2026-04-01T00:00:00.000Z'),
    link('3', 'n2', '2026-04-01T00:00:00.000Z'),
  ].join('\n');
}

const expected = {
  threads: { '1': '2026-06-02T08:00:00.000Z', '2': '2026-05-01T12:00:00.000Z', '3': '2026-04-01T00:00:00.000Z' },
  // activityDay() of each: the UTC day, as recordActivity writes it.
  days: { '1': 20606, '2': 20574, '3': 20544 },
  links: { '1/n1': '2026-06-05T09:30:00.250Z', '1/n2': '2026-06-02T08:00:00.000Z', '2/n1': '2026-05-01T12:00:00.000Z', '3/n2': '2026-04-01T00:00:00.000Z' },
};

describe('thread_first_activity backfill (SQLite)', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tl-backfill-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('fills first activity from the oldest message or call', async () => {
    const { before: earlier, target } = await migrationsOf('sqlite');
    const db = new Database(join(dir, 'old.db'));
    try {
      for (const sql of earlier) db.exec(sql);
      // Prisma's SQLite adapter stores DateTime as ISO-8601 text with "+00:00".
      db.exec(seedSql((iso) => `'${iso.replace('Z', '+00:00')}'`));
      db.exec(target);
      const iso = (text: string) => new Date(text).toISOString();
      const threads = db.prepare(`SELECT "id", "firstActivityAt" AS "at", "firstActivityDay" AS "day" FROM "Thread"`).all() as { id: string; at: string; day: number }[];
      assert.deepEqual(Object.fromEntries(threads.map((row) => [row.id, iso(row.at)])), expected.threads);
      assert.deepEqual(Object.fromEntries(threads.map((row) => [row.id, row.day])), expected.days);
      const links = db.prepare(`SELECT "threadId", "trackingNumberId", "firstActivityAt" AS "at" FROM "ThreadNumber"`).all() as {
        threadId: string; trackingNumberId: string; at: string;
      }[];
      assert.deepEqual(Object.fromEntries(links.map((row) => [`${row.threadId}/${row.trackingNumberId}`, iso(row.at)])), expected.links);
      assert.deepEqual(db.pragma('foreign_key_check'), []);
    } finally {
      db.close();
    }
  });
});

describe('thread_first_activity backfill (PostgreSQL)', () => {
  const serverUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const database = `tl_backfill_test_${process.pid}`;
  const url = Object.assign(new URL(serverUrl), { pathname: `/${database}` }).toString();
  let admin: pg.Client | undefined;

  before(async () => {
    const client = new pg.Client(pgConfig(serverUrl));
    try {
      await client.connect();
    } catch (e) {
      if (process.env.TEST_DATABASE === 'postgres') throw e;
      return; // leaves admin undefined: the test skips itself
    }
    admin = client;
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${database}"`);
  });
  after(async () => {
    await admin?.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin?.end();
  });

  test('fills first activity from the oldest message or call', async (t) => {
    if (!admin) return t.skip(`no PostgreSQL at ${serverUrl}`);
    const { before: earlier, target } = await migrationsOf('postgres');
    const client = new pg.Client(pgConfig(url));
    await client.connect();
    try {
      for (const sql of earlier) await client.query(sql);
      // TIMESTAMP(3) holds UTC wall time, as Prisma writes it.
      await client.query(seedSql((iso) => `'${iso.replace('T', ' ').replace('Z', '')}'::timestamp`));
      await client.query(target);
      // Read back as text, so the client's time zone cannot shift the answer.
      const iso = (text: string) => new Date(`${text.replace(' ', 'T')}Z`).toISOString();
      const threads = await client.query<{ id: string; at: string; day: number }>(`SELECT "id", "firstActivityAt"::text AS "at", "firstActivityDay" AS "day" FROM "Thread"`);
      assert.deepEqual(Object.fromEntries(threads.rows.map((row) => [row.id, iso(row.at)])), expected.threads);
      assert.deepEqual(Object.fromEntries(threads.rows.map((row) => [row.id, row.day])), expected.days);
      const links = await client.query<{ threadId: string; trackingNumberId: string; at: string }>(
        `SELECT "threadId", "trackingNumberId", "firstActivityAt"::text AS "at" FROM "ThreadNumber"`,
      );
      assert.deepEqual(Object.fromEntries(links.rows.map((row) => [`${row.threadId}/${row.trackingNumberId}`, iso(row.at)])), expected.links);
      const columns = await client.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.columns WHERE column_name IN ('firstActivityAt', 'firstActivityDay') AND is_nullable = 'NO' ORDER BY table_name`,
      );
      assert.deepEqual(columns.rows.map((row) => row.table_name), ['Thread', 'Thread', 'ThreadNumber']);
    } finally {
      await client.end();
    }
  });
});
