// Many rows in one statement, on SQLite and PostgreSQL alike. Prisma's createMany costs about half
// a millisecond of CPU per row (measured: 283 ms for 500 event rows), a hand-written VALUES list
// about a twentieth of that, and one JSON parameter unpacked by the database less still, with no
// limit on the number of bound parameters. Used where a batch writes hundreds of rows (the inbox).
import { Prisma } from './generated/sqlite/client.ts';

export type Provider = 'sqlite' | 'postgres';

/** A column of a JSON row set: its name and its PostgreSQL type (SQLite reads JSON values as they are). */
export type BulkColumn = readonly [name: string, postgresType: 'TEXT' | 'INTEGER' | 'BOOLEAN' | 'TIMESTAMP(3)'];

/**
 * A DateTime as the column stores it: Prisma's SQLite adapter writes ISO-8601 with "+00:00" (so
 * text comparison orders it), PostgreSQL parses the ISO text into timestamp(3) (UTC, like Prisma).
 */
export function dbTime(date: Date, provider: Provider): string {
  const iso = date.toISOString();
  return provider === 'sqlite' ? iso.replace('Z', '+00:00') : iso;
}

/**
 * `(SELECT ...) AS v`: the rows as a table with the given columns (plus `v."ord"`, each row's
 * position, for statements that must keep their order), from one JSON parameter.
 * @example tx.$executeRaw`INSERT INTO "T" ("a", "b") SELECT v."a", v."b" FROM ${jsonRows(columns, rows, provider)} ORDER BY v."ord"`
 */
export function jsonRows(columns: readonly BulkColumn[], rows: Record<string, unknown>[], provider: Provider): Prisma.Sql {
  const json = JSON.stringify(rows.map((row, ord) => ({ ...row, ord })));
  if (provider === 'postgres') {
    const types = [...columns, ['ord', 'INTEGER'] as const].map(([name, type]) => `"${name}" ${type}`).join(', ');
    return Prisma.sql`(SELECT * FROM jsonb_to_recordset(CAST(${json} AS JSONB)) AS r(${Prisma.raw(types)})) AS v`;
  }
  const fields = [...columns, ['ord', 'INTEGER'] as const].map(([name]) => `json_extract(value, '$.${name}') AS "${name}"`).join(', ');
  return Prisma.sql`(SELECT ${Prisma.raw(fields)} FROM json_each(${json})) AS v`;
}
