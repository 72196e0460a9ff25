// migrate() against a temporary SQLite file and a throwaway PostgreSQL database: every model gets
// its table, the run is recorded in _prisma_migrations, and a second run applies nothing.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createDb } from './client.ts';
import { migrate } from './migrate.ts';
import { pgConfig, providerFiles, readMigrationsList, serverRoot, withSchemaEngine } from './schema-engine.ts';

// Expected tables come from the schema itself, so the test needs no update when models change.
const models = [...(await readFile(join(serverRoot, 'prisma/schema.prisma'), 'utf8')).matchAll(/^model (\w+)/gm)].map((m) => m[1]!);
const migrationNames = async (dir: string) =>
  (await readdir(join(serverRoot, dir), { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();

describe('migrate (SQLite)', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tl-migrate-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('applies every migration once, then nothing', async () => {
    const url = `file:${join(dir, 'nested/app.db')}`; // parent folder does not exist yet
    const first = await migrate(url);
    assert.deepEqual(first.applied, await migrationNames(providerFiles.sqlite.migrations));

    const db = new Database(join(dir, 'nested/app.db'), { readonly: true });
    try {
      const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[];
      for (const table of [...models, '_prisma_migrations']) assert.ok(tables.includes(table), `missing table ${table}`);
      const finished = db.prepare('SELECT count(*) FROM _prisma_migrations WHERE finished_at IS NOT NULL').pluck().get();
      assert.equal(finished, first.applied.length);
      // Hand-written search index: a migration that redefines "Thread" drops its triggers with it.
      assert.ok(tables.includes('ThreadSearch'), 'missing the FTS5 table ThreadSearch');
      const triggers = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'Thread'`).pluck().all();
      assert.deepEqual(triggers.sort(), ['Thread_search_delete', 'Thread_search_insert', 'Thread_search_update']);
    } finally {
      db.close();
    }

    assert.deepEqual(await migrate(url), { applied: [] });
  });

  test('applies a new migration while a server has the WAL database open and writing', async () => {
    const path = join(dir, 'busy.db');
    const url = `file:${path}`;
    // The database as it was one migration ago.
    const all = await readMigrationsList('sqlite');
    const older = { ...all, migrationDirectories: all.migrationDirectories.slice(0, -1) };
    await withSchemaEngine(url, ({ engine }) => engine.applyMigrations({ migrationsList: older, filters: { externalTables: [], externalEnums: [] } }));

    const server = createDb(url); // what `threadline serve` opens: WAL, busy timeout
    try {
      await server.business.create({ data: { name: 'Before' } });
      const raw = new Database(path, { readonly: true });
      assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
      raw.close();
      // Writes keep coming while the migration runs.
      let writing = true;
      const writes = (async () => {
        let count = 0;
        while (writing) {
          await server.business.create({ data: { name: `During ${count++}` } });
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
        return count;
      })();
      const { applied } = await migrate(url);
      writing = false;
      assert.deepEqual(applied, [all.migrationDirectories.at(-1)!.path]);
      assert.ok((await writes) > 0);
      assert.equal(await server.business.count(), 1 + (await writes));
    } finally {
      await server.$disconnect();
    }
  });
});

describe('migrate (PostgreSQL)', () => {
  // A server to create the throwaway database on. If none answers, the suite is skipped, unless
  // TEST_DATABASE=postgres says PostgreSQL is required.
  const serverUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const database = `tl_migrate_test_${process.pid}`;
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

  test('applies every migration once, then nothing', async (t) => {
    if (!admin) return t.skip(`no PostgreSQL at ${serverUrl}`);
    const first = await migrate(url);
    assert.deepEqual(first.applied, await migrationNames(providerFiles.postgres.migrations));

    const client = new pg.Client(pgConfig(url));
    await client.connect();
    try {
      const { rows } = await client.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
      );
      const tables = rows.map((r) => r.table_name);
      for (const table of [...models, '_prisma_migrations']) assert.ok(tables.includes(table), `missing table ${table}`);
      const { rows: done } = await client.query('SELECT 1 FROM _prisma_migrations WHERE finished_at IS NOT NULL');
      assert.equal(done.length, first.applied.length);
      const { rows: trigram } = await client.query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'Thread_searchText_idx'`);
      assert.match(trigram[0]?.indexdef ?? '', /USING gin \("searchText" gin_trgm_ops\)/);
    } finally {
      await client.end();
    }

    assert.deepEqual(await migrate(url), { applied: [] });
  });
});
