#!/usr/bin/env node
// Derives prisma/schema.postgres.prisma from prisma/schema.prisma (a schema fixes its provider)
// and generates both Prisma clients. Runs offline: the client generator needs no native engine,
// so the engine download is skipped with PRISMA_SCHEMA_ENGINE_BINARY=/bin/true.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

if (process.argv.includes('--help')) {
  console.log('Usage: node scripts/generate-client.mjs\nWrites prisma/schema.postgres.prisma and generates the SQLite and PostgreSQL clients into src/db/generated/.');
  process.exit(0);
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sqliteSchema = join(root, 'prisma/schema.prisma');
const postgresSchema = join(root, 'prisma/schema.postgres.prisma');

const source = readFileSync(sqliteSchema, 'utf8');
const derived = source
  .replace('provider = "sqlite"', 'provider = "postgresql"')
  .replace('../src/db/generated/sqlite', '../src/db/generated/postgres')
  .replace(/^\/\/ Threadline data model\..*$/m, '// GENERATED from schema.prisma by scripts/generate-client.mjs: edit that file, not this one.')
  // Lines only PostgreSQL can express (e.g. a GIN trigram index) sit in schema.prisma as
  // `// postgres-only: <line>` comments; uncommented here so migration:new diffs them like any index.
  .replace(/^(\s*)\/\/ postgres-only: (.*)$/gm, '$1$2');
if (derived === source) throw new Error('schema.prisma: provider line not found');
writeFileSync(postgresSchema, derived);

const prismaBin = join(root, 'node_modules/.bin/prisma');
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: '/bin/true', CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1' };
for (const schema of [sqliteSchema, postgresSchema]) {
  execFileSync(prismaBin, ['generate', '--schema', schema], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
}
console.log('Prisma clients generated (sqlite, postgres).');
