import { invalid } from '../../errors.ts';

// Cursors are opaque to clients (base64url JSON) so the keyset behind them can change without a
// breaking API change; the server still validates every field it decodes, because a cursor is input.

/** Encodes a keyset position as an opaque cursor string. */
export function encodeCursor(position: Record<string, string>): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor made by `encodeCursor`, checking that `keys` are present strings.
 * A cursor that was tampered with or comes from another endpoint is a 422 naming `cursor`.
 */
export function decodeCursor<K extends string>(cursor: string, keys: readonly K[]): Record<K, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid('cursor', 'cursor is not a cursor this endpoint returned');
  }
  if (!parsed || typeof parsed !== 'object') throw invalid('cursor', 'cursor is not a cursor this endpoint returned');
  const record = parsed as Record<string, unknown>;
  for (const key of keys) {
    if (typeof record[key] !== 'string' || !record[key]) throw invalid('cursor', 'cursor is not a cursor this endpoint returned');
  }
  return record as Record<K, string>;
}

/** The instant in a decoded cursor field; a 422 naming `cursor` when it is not a date. */
export function cursorDate(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw invalid('cursor', 'cursor is not a cursor this endpoint returned');
  return date;
}
