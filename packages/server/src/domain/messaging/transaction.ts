import type { Db } from '../../db/client.ts';
import type { Tx } from '../threads/activity.ts';

/** Options for `transact`. */
export interface TransactOptions {
  /** Extra attempts after a unique-constraint race or a write conflict (default 3). */
  retries?: number;
}

// P2002: two transactions created the same unique row at once (e.g. the first two texts from a new
// contact both create its thread). P2034: PostgreSQL reported a write conflict or deadlock.
// Both are safe to run again from the start: the loser sees the winner's row the second time.
const RETRYABLE = new Set(['P2002', 'P2034']);

/** The Prisma error code of an error, if it is one. */
export function prismaCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('P') ? code : undefined;
}

/**
 * Runs `work` in one interactive transaction, retrying it when it lost a race with another writer.
 * Waits longer than Prisma's defaults because SQLite runs transactions one at a time: a burst of
 * concurrent sends queues rather than failing.
 */
export async function transact<T>(db: Db, work: (tx: Tx) => Promise<T>, options: TransactOptions = {}): Promise<T> {
  const retries = options.retries ?? 3;
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.$transaction((tx) => work(tx), { maxWait: 15_000, timeout: 20_000 });
    } catch (error) {
      if (attempt >= retries || !RETRYABLE.has(prismaCode(error) ?? '')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * (attempt + 1)));
    }
  }
}
