// Applies the committed migrations (prisma/migrations or prisma/migrations-postgres) to a database,
// like `prisma migrate deploy`, through Prisma's wasm schema engine: the engine records them in a
// standard `_prisma_migrations` table, so the prisma CLI elsewhere sees the same history.
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { externalTables, providerOf, readMigrationsList, withSchemaEngine } from './schema-engine.ts';

/**
 * Brings `databaseUrl` up to date and returns the names of the migrations it applied (empty when
 * already current). `file:path.db` is SQLite (a relative path is relative to the working
 * directory, as better-sqlite3 opens it; the parent folder is created); `postgres://` or
 * `postgresql://` is PostgreSQL (the database must exist).
 */
export async function migrate(databaseUrl: string): Promise<{ applied: string[] }> {
  const provider = providerOf(databaseUrl);
  if (provider === 'sqlite') {
    const path = databaseUrl.slice('file:'.length);
    if (path !== ':memory:') await mkdir(dirname(resolve(path)), { recursive: true });
  }
  const migrationsList = await readMigrationsList(provider);
  if (migrationsList.migrationDirectories.length === 0) {
    throw new Error(`No migrations found in ${migrationsList.baseDir}`);
  }
  return withSchemaEngine(databaseUrl, async ({ engine }) => {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList,
      filters: { externalTables: externalTables[provider], externalEnums: [] },
    });
    return { applied: appliedMigrationNames };
  });
}
