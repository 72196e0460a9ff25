// The inbound inbox: how a Twilio messaging webhook is accepted fast without ever losing a text.
//
// Accepting: after the signature check the webhook hands its form fields to `InboxWriter.accept`,
// which appends them to the InboxMessage table and resolves once that row is committed; only then
// does the webhook answer 200. Webhooks arriving together share one INSERT and one commit (group
// commit: a flush starts as soon as the previous one ends, with everything queued meanwhile), so
// the commit rate of the disk is not the webhook rate. A Twilio retry of a MessageSid already in
// the inbox is ignored by its unique key.
//
// Folding: `InboxWorker` claims pending rows in batches and files them (contacts, threads,
// messages, charges, STOP/START, events) in one transaction per batch that also marks the rows
// folded, so each row is folded exactly once. Texts with media go one at a time through
// `receiveInboundMessage` (their media is fetched from the carrier outside any transaction). A row
// whose fold fails is retried alone with backoff (error and attempts recorded on the row) while the
// others go on; it is never dropped. Claims are leases: rows claimed by a process that died become
// due again when the lease ends, and the conditional claim (plus SKIP LOCKED on PostgreSQL) keeps
// two processes from folding the same row.
import { randomUUID } from 'node:crypto';
import { Prisma } from '../../db/generated/sqlite/client.ts';
import type { SqlDriverAdapter } from '@prisma/driver-adapter-utils';
import { dbTime } from '../../db/bulk.ts';
import { providerOf, sqliteConnectionOf } from '../../db/client.ts';
import type { Services } from '../../services.ts';
import type { Tx } from '../threads/activity.ts';
import { DAMAGED, foldSmsBatch, mediaCountOf, webhookPhone, type FoldOutcome, type InboxRow } from './fold.ts';
import { receiveInboundMessage, type InboundMediaInput } from './inbound.ts';

/** Tuning knobs of the inbox. */
export interface InboxOptions {
  /** Rows folded per transaction (default 500). */
  batchSize?: number;
  /** How long a claim lasts before another worker may take the rows (default 60 s). */
  leaseMs?: number;
  /** First retry delay of a row whose fold failed, doubled per attempt (default 1000 ms). */
  backoffMs?: number;
  /** Longest retry delay (default 10 minutes); a failing row keeps being retried at this pace. */
  maxBackoffMs?: number;
  /** How often to look for due rows when nothing wakes the worker (default 1000 ms). */
  pollMs?: number;
  /**
   * While webhooks keep arriving, folding waits until acceptance has been quiet this long
   * (default 20 ms) or the oldest waiting row is `maxDelayMs` old: on SQLite a fold transaction
   * and an acceptance commit cannot run at once, and answering Twilio comes first.
   */
  quietMs?: number;
  maxDelayMs?: number;
  /**
   * Webhooks a second above which filing waits for the surge to pass (default 2,000): accepting
   * and filing together cost more than two cores can give at that rate (bench/webhooks.ts), and
   * answering Twilio comes first. Filing then starts at the first pause, or once the oldest row
   * has waited `surgeMaxDelayMs`.
   */
  surgeRate?: number;
  /** Longest an accepted text waits to be filed during a surge (default 30 s). */
  surgeMaxDelayMs?: number;
  /**
   * How long a filed row is kept (default 7 days): long past Twilio's retries of a webhook, and the
   * message itself guards against a duplicate by its sid after that. Rows that never filed stay.
   */
  keepFiledMs?: number;
  /** How often an idle worker deletes filed rows past `keepFiledMs` (default 1 hour). */
  pruneEveryMs?: number;
}

/** Rows deleted per statement when pruning, so no single delete holds the SQLite write lock long. */
const PRUNE_CHUNK = 2000;

/** The form fields of one accepted webhook. */
export interface AcceptedInbound {
  sid: string;
  params: Record<string, string>;
  receivedAt: Date;
}

/** Largest number of rows in one acceptance INSERT (4 parameters each, well under both databases' limits). */
const MAX_FLUSH = 1000;

/** Appends accepted webhooks to the inbox, many per commit. */
export class InboxWriter {
  readonly #services: Services;
  readonly #onFlushed: () => void;
  #queue: { row: AcceptedInbound; resolve: () => void; reject: (error: unknown) => void }[] = [];
  #flushing: Promise<void> | null = null;
  /** When the last acceptance commit ended (ms since epoch), for the worker's quiet check. */
  lastFlushAt = 0;
  /** Recent commits (when, how many rows), the last second of them, for `rate`. */
  #recent: { at: number; rows: number }[] = [];
  #recentRows = 0;

  constructor(services: Services, onFlushed: () => void) {
    this.#services = services;
    this.#onFlushed = onFlushed;
  }

  /** Rows accepted in the last second (a surge shows here before its backlog does). */
  get rate(): number {
    this.#count(0);
    return this.#recentRows;
  }

  #count(rows: number): void {
    const now = Date.now();
    if (rows) {
      this.#recent.push({ at: now, rows });
      this.#recentRows += rows;
    }
    while (this.#recent.length && this.#recent[0]!.at <= now - 1000) this.#recentRows -= this.#recent.shift()!.rows;
  }

  /** True while rows are waiting for, or in, a commit. */
  get busy(): boolean {
    return this.#flushing !== null;
  }

  /** Resolves once the row is committed (or was already there: a retried delivery). */
  accept(row: AcceptedInbound): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ row, resolve, reject });
      this.#flushing ??= this.#flush();
    });
  }

  /** Waits for every accepted row to be committed. */
  async idle(): Promise<void> {
    while (this.#flushing) await this.#flushing;
  }

  async #flush(): Promise<void> {
    try {
      // Let the requests already parsed in this turn of the event loop join the first commit.
      await new Promise((resolve) => setImmediate(resolve));
      while (this.#queue.length) {
        const batch = this.#queue.splice(0, MAX_FLUSH);
        try {
          await this.#insert(batch.map((entry) => entry.row));
          this.#count(batch.length);
          for (const entry of batch) entry.resolve();
        } catch (error) {
          for (const entry of batch) entry.reject(error);
        }
        this.lastFlushAt = Date.now();
        this.#onFlushed();
      }
    } finally {
      this.#flushing = null;
    }
  }

  async #insert(rows: AcceptedInbound[]): Promise<void> {
    // A repeated sid within one flush would make PostgreSQL's ON CONFLICT refuse the statement.
    const unique = [...new Map(rows.map((row) => [row.sid, row])).values()];
    const { db } = this.#services;
    const connection = sqliteConnectionOf(db);
    // SQLite: straight through Prisma's connection (before the client's first query there is none
    // yet, and the Prisma path below is just as correct).
    if (connection) return appendSqlite(connection, unique);
    const values = Prisma.join(unique.map((row) => Prisma.sql`(${row.sid}, ${JSON.stringify(row.params)}, ${row.receivedAt}, ${row.receivedAt})`));
    await db.$executeRaw`INSERT INTO "InboxMessage" ("carrierSid", "payload", "receivedAt", "nextAttemptAt") VALUES ${values}
      ON CONFLICT ("carrierSid") DO NOTHING`;
  }
}

const text = { scalarType: 'string', arity: 'scalar' } as const;

/**
 * SQLite: the INSERT straight through the adapter's connection, one statement that commits on its
 * own and takes its turn with Prisma's transactions (db/sqlite.ts). Measured on the bench
 * database: one commit of 8 rows costs ~0.2 ms of CPU this way against ~1.3 ms through the Prisma
 * client, and acceptance is what Twilio waits on. Same SQL and same result as the Prisma path
 * PostgreSQL takes.
 */
async function appendSqlite(connection: SqlDriverAdapter, rows: AcceptedInbound[]): Promise<void> {
  const args: string[] = [];
  for (const row of rows) {
    const at = dbTime(row.receivedAt, 'sqlite');
    args.push(row.sid, JSON.stringify(row.params), at, at);
  }
  const sql = `INSERT INTO "InboxMessage" ("carrierSid", "payload", "receivedAt", "nextAttemptAt") VALUES ${rows.map(() => '(?, ?, ?, ?)').join(', ')}
    ON CONFLICT ("carrierSid") DO NOTHING`;
  await connection.executeRaw({ sql, args, argTypes: args.map(() => text) });
}

/** Folds accepted inbound texts into threads in batches. */
export class InboxWorker {
  readonly #services: Services;
  readonly #writer: InboxWriter;
  readonly #options: Required<InboxOptions>;
  readonly #postgres: boolean;
  #running = false;
  #loop: Promise<void> | null = null;
  #wake: (() => void) | null = null;
  #kicked = false;
  /** When the idle loop next deletes old filed rows (0: at its first idle turn). */
  #nextPruneAt = 0;
  /** One fold at a time in this process (the loop and `drain`). */
  #turn: Promise<unknown> = Promise.resolve();

  constructor(services: Services, writer: InboxWriter, options: InboxOptions = {}) {
    this.#services = services;
    this.#writer = writer;
    this.#postgres = providerOf(services.config.databaseUrl) === 'postgres';
    this.#options = {
      batchSize: options.batchSize ?? 500,
      leaseMs: options.leaseMs ?? 60_000,
      backoffMs: options.backoffMs ?? 1000,
      maxBackoffMs: options.maxBackoffMs ?? 600_000,
      pollMs: options.pollMs ?? 1000,
      quietMs: options.quietMs ?? 20,
      maxDelayMs: options.maxDelayMs ?? 1000,
      surgeRate: options.surgeRate ?? 2000,
      surgeMaxDelayMs: Math.max(options.surgeMaxDelayMs ?? 30_000, options.maxDelayMs ?? 1000),
      keepFiledMs: options.keepFiledMs ?? 7 * 86_400_000,
      pruneEveryMs: options.pruneEveryMs ?? 3_600_000,
    };
  }

  /** Starts the loop (idempotent). */
  start(): this {
    if (this.#running) return this;
    this.#running = true;
    this.#loop = this.#run();
    return this;
  }

  /** Stops taking new batches and waits for the one in flight. */
  async stop(): Promise<void> {
    this.#running = false;
    this.kick();
    await this.#loop;
    this.#loop = null;
    await this.#turn;
  }

  /** Wakes the worker (rows were just accepted). */
  kick(): void {
    this.#kicked = true;
    this.#wake?.();
  }

  /** Folds every row that is due now, batch after batch, and resolves when none is left. */
  async drain(): Promise<number> {
    await this.#writer.idle();
    let total = 0;
    for (;;) {
      const folded = await this.#exclusive(() => this.runOnce());
      if (folded === 0) return total;
      total += folded;
    }
  }

  async #run(): Promise<void> {
    let pendingSince = 0;
    while (this.#running) {
      if (this.#kicked && !pendingSince) pendingSince = Date.now();
      this.#kicked = false;
      // Let a burst of webhooks be answered first; fold when it pauses or the oldest row has waited long enough.
      const quietFor = Date.now() - this.#writer.lastFlushAt;
      // In a surge the wait may be longer (see surgeRate).
      const maxDelay = this.#writer.rate >= this.#options.surgeRate ? this.#options.surgeMaxDelayMs : this.#options.maxDelayMs;
      if (pendingSince && (this.#writer.busy || quietFor < this.#options.quietMs) && Date.now() - pendingSince < maxDelay) {
        await this.#sleep(Math.max(1, this.#options.quietMs - quietFor));
        continue;
      }
      let folded = 0;
      try {
        folded = await this.#exclusive(() => this.runOnce());
      } catch (error) {
        console.error('Inbox: could not fold accepted inbound texts', error);
      }
      if (!this.#running) break;
      // A backlog past its delay is folded batch after batch, but acceptance comes first: better-sqlite3
      // answers synchronously, so a fold is one long run of microtasks and webhooks that arrived
      // meanwhile (HTTP requests, or the inbox thread's messages) wait for the event loop. Yield to
      // it, and let their commit go before the next batch. Without this a backlog starved
      // acceptance until it was all folded (seconds, on the bench).
      if (folded > 0) {
        // A short batch was the end of the backlog: rows accepted from now on wait for a pause or
        // their delay again, and are folded together, instead of a few at a time after each commit
        // (each batch has a fixed cost, and holds the SQLite write lock acceptance needs).
        if (folded < this.#options.batchSize) pendingSince = 0;
        await new Promise((resolve) => setImmediate(resolve));
        await this.#writer.idle();
        continue;
      }
      pendingSince = 0;
      if (this.#kicked) continue;
      if (Date.now() >= this.#nextPruneAt) {
        this.#nextPruneAt = Date.now() + this.#options.pruneEveryMs;
        try {
          // One chunk per idle turn: a webhook that arrives meanwhile is filed first.
          if ((await this.#exclusive(() => this.#pruneChunk())) === PRUNE_CHUNK) this.#nextPruneAt = 0;
        } catch (error) {
          console.error('Inbox: could not delete old filed rows', error);
        }
        continue;
      }
      await this.#sleep(this.#options.pollMs);
    }
  }

  async #pruneChunk(): Promise<number> {
    const { db } = this.#services;
    const cutoff = new Date(Date.now() - this.#options.keepFiledMs);
    // Through the (foldedAt, nextAttemptAt) index: rows never filed (foldedAt NULL) are not matched.
    return db.$executeRaw`DELETE FROM "InboxMessage" WHERE "id" IN (
      SELECT "id" FROM "InboxMessage" WHERE "foldedAt" < ${cutoff} ORDER BY "foldedAt" LIMIT ${PRUNE_CHUNK})`;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    }).finally(() => {
      this.#wake = null;
    });
  }

  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#turn.then(work, work);
    this.#turn = next.catch(() => {});
    return next;
  }

  /** Claims one batch of due rows and folds it; returns how many rows it took. */
  async runOnce(): Promise<number> {
    const rows = await this.#claim();
    if (rows.length === 0) return 0;
    const withMedia = rows.filter((row) => mediaCountOf(row.params) > 0);
    const plain = rows.filter((row) => mediaCountOf(row.params) === 0);
    if (plain.length) await this.#foldPlain(plain);
    for (const row of withMedia) await this.#foldWithMedia(row);
    return rows.length;
  }

  async #claim(): Promise<(InboxRow & { token: string; attempts: number })[]> {
    const { db } = this.#services;
    const token = randomUUID();
    const now = new Date();
    const leaseEnd = new Date(now.getTime() + this.#options.leaseMs);
    const due = Prisma.sql`"foldedAt" IS NULL AND "nextAttemptAt" <= ${now}`;
    const lock = this.#postgres ? Prisma.sql`FOR UPDATE SKIP LOCKED` : Prisma.empty;
    // The outer condition repeats the inner one: on PostgreSQL a row another worker claimed while
    // this statement waited is re-checked against it (its nextAttemptAt moved) and left alone.
    await db.$executeRaw`UPDATE "InboxMessage" SET "claimToken" = ${token}, "nextAttemptAt" = ${leaseEnd}, "attempts" = "attempts" + 1
      WHERE "id" IN (SELECT "id" FROM "InboxMessage" WHERE ${due} ORDER BY "id" LIMIT ${this.#options.batchSize} ${lock}) AND ${due}`;
    const rows = await db.inboxMessage.findMany({ where: { claimToken: token, foldedAt: null }, orderBy: { id: 'asc' } });
    return rows.map((row) => ({
      id: row.id,
      carrierSid: row.carrierSid,
      params: parsePayload(row.payload),
      receivedAt: row.receivedAt,
      token,
      attempts: row.attempts,
    }));
  }

  /** Marks rows folded in the fold's own transaction; throws (rolling it back) if the claim was lost. */
  #marker(token: string) {
    return async (tx: Tx, outcomes: Map<number, FoldOutcome>) => {
      const foldedAt = new Date();
      for (const outcome of ['stored', 'duplicate', 'unknown-number'] as const) {
        const ids = [...outcomes].filter(([, value]) => value === outcome).map(([id]) => id);
        if (!ids.length) continue;
        const { count } = await tx.inboxMessage.updateMany({
          where: { id: { in: ids }, claimToken: token, foldedAt: null },
          data: { foldedAt, outcome, claimToken: null, lastError: null },
        });
        if (count !== ids.length) throw new Error('Inbox: the claim on these rows ended before they were folded; another worker has them');
      }
    };
  }

  async #foldPlain(rows: (InboxRow & { token: string; attempts: number })[]): Promise<void> {
    const token = rows[0]!.token;
    const fold = async (batch: typeof rows) => {
      const { businessIds } = await foldSmsBatch(this.#services, batch, this.#marker(token));
      for (const businessId of businessIds) this.#services.bus.notify(businessId);
    };
    try {
      return await fold(rows);
    } catch (error) {
      if (rows.length === 1) return this.#failed(rows[0]!, error);
    }
    // One row spoiled the batch: fold the rest one at a time so only that row waits for a retry.
    for (const row of rows) {
      try {
        await fold([row]);
      } catch (error) {
        await this.#failed(row, error);
      }
    }
  }

  async #foldWithMedia(row: InboxRow & { token: string; attempts: number }): Promise<void> {
    const from = webhookPhone(row.params.From);
    const to = webhookPhone(row.params.To);
    try {
      let outcome: FoldOutcome = 'unknown-number';
      if (from && to) {
        const media: InboundMediaInput[] = [];
        for (let index = 0; index < mediaCountOf(row.params); index++) {
          const url = row.params[`MediaUrl${index}`];
          if (url) media.push({ url, contentType: row.params[`MediaContentType${index}`] ?? null });
        }
        // Stored in its own transaction; if this process dies before the row is marked, the next
        // attempt finds the message by its sid and only marks the row.
        const result = await receiveInboundMessage(this.#services, { sid: row.carrierSid, from, to, body: row.params.Body ?? '', media, receivedAt: row.receivedAt });
        outcome = result.outcome;
      }
      await this.#services.db.$transaction((tx) => this.#marker(row.token)(tx, new Map([[row.id, outcome]])));
    } catch (error) {
      await this.#failed(row, error);
    }
  }

  async #failed(row: InboxRow & { token: string; attempts: number }, error: unknown): Promise<void> {
    const delay = Math.min(this.#options.backoffMs * 2 ** Math.max(0, row.attempts - 1), this.#options.maxBackoffMs);
    console.error(`Inbox: folding inbound message ${row.carrierSid} failed (attempt ${row.attempts}); retrying in ${Math.round(delay / 1000)} s`, error);
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    await this.#services.db.inboxMessage
      .updateMany({
        where: { id: row.id, claimToken: row.token, foldedAt: null },
        data: { claimToken: null, nextAttemptAt: new Date(Date.now() + delay), lastError: message.slice(0, 2000) },
      })
      .catch((recordError) => console.error(`Inbox: could not record the failure of ${row.carrierSid}`, recordError));
  }
}

/** The stored form fields; a damaged payload folds as nothing and fails that row alone (see `foldSmsBatch`). */
function parsePayload(payload: string): Record<string, string> {
  try {
    const value = JSON.parse(payload) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, string>;
  } catch {
    // fall through
  }
  return { [DAMAGED]: payload.slice(0, 200) };
}

/** The inbox as services expose it: accept a webhook, wake or drain the worker. */
export interface Inbox {
  /** Appends an accepted webhook; resolves once it is committed. */
  accept(row: AcceptedInbound): Promise<void>;
  /** Folds every due row now (tests, the dev inject path, the bench); resolves with how many. */
  drain(): Promise<number>;
}

/** Builds the writer and worker of one services instance (the worker is started by the caller). */
export function createInbox(services: Services, options: InboxOptions = {}): { inbox: Inbox; writer: InboxWriter; worker: InboxWorker } {
  const ref: { worker?: InboxWorker } = {};
  const writer = new InboxWriter(services, () => ref.worker?.kick());
  const worker = (ref.worker = new InboxWorker(services, writer, options));
  const inbox: Inbox = {
    accept: (row) => writer.accept(row),
    drain: () => worker.drain(),
  };
  return { inbox, writer, worker };
}
