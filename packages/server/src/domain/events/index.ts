import { providerOfClient, type Db } from '../../db/client.ts';

/** The live event types a client can receive. */
export type EventType =
  | 'message.created'
  | 'message.updated'
  | 'call.created'
  | 'call.updated'
  | 'thread.updated'
  | 'number.updated'
  | 'balance.updated'
  | 'setup.updated';

/** One entry of a business's event log, as the event stream sends it. */
export interface LoggedEvent {
  id: number;
  type: EventType;
  data: unknown;
  createdAt: string;
}

/** A Prisma client or an interactive transaction: anything with the model delegates. */
export type DbLike = Pick<Db, 'eventLog' | '$executeRaw'>;

/** The first key of Threadline's PostgreSQL advisory locks on event logs ("TLEV"). */
const EVENT_LOCK_SPACE = 0x544c4556;

/**
 * Makes `tx` the only open transaction appending events for these businesses until it ends.
 *
 * A stream sends a business's events in id order and resumes after the last id it sent. On
 * PostgreSQL an id is taken at insert but the row is seen at commit, so two transactions of one
 * business could commit out of id order: the stream would send the later one and skip the earlier
 * for good. Holding a per-business advisory lock from the first append to commit makes the ids of a
 * business commit in order. Appends come last in a transaction, so the lock is held briefly.
 * Several businesses are locked in sorted order, so two transactions cannot wait on each other.
 * SQLite needs nothing: one transaction writes at a time (db/sqlite.ts). `tx` must be a
 * transaction: outside one the lock would end with its own statement.
 */
export async function lockEventLogs(tx: DbLike, businessIds: Iterable<string>): Promise<void> {
  if (providerOfClient(tx) !== 'postgres') return;
  const wanted = [...new Set(businessIds)].sort();
  if (!wanted.length) return;
  // One statement: the sorted subquery feeds the locks in order. Taking a lock the transaction
  // already holds is allowed and cheap.
  await tx.$executeRaw`SELECT count(pg_advisory_xact_lock(${EVENT_LOCK_SPACE}::int, hashtext(s.b)))
    FROM (SELECT b FROM unnest(${wanted}::text[]) AS b ORDER BY b) AS s`;
}

/**
 * Called when a business may have new events. `latestId` is the newest id the poller saw for it
 * (a stream that already sent that id can skip its read); `undefined` means "read to be sure".
 */
export type NotifyListener = (latestId?: number) => void;

/** Timing of the event log poller; tests shorten it. */
export interface EventBusOptions {
  /** How often the poller reads the log for events this process was not told about (default 1000). */
  pollMs?: number;
  /**
   * How long a transaction may hold an event id before it commits (default 30 s). On PostgreSQL ids
   * are taken at insert and rows become visible at commit, so a lower id can appear after a higher
   * one; the poller keeps re-reading this much of the recent log so such a late row still wakes its
   * business's streams.
   */
  settleMs?: number;
}

/**
 * The event log is the source of truth for live updates: rows are written in the same transaction
 * as the change they describe (so no update is lost), and the stream replays from an id. A
 * business's rows commit in id order (`lockEventLogs`), so a stream never has to look back.
 * The in-process bus wakes streams at once for local writes (`notify`). For writes by another
 * server process (PostgreSQL), one poller per bus, running only while some stream listens, reads
 * the log once per `pollMs` for all listened businesses in a single query and wakes theirs.
 */
export class EventBus {
  readonly #listeners = new Map<string, Set<NotifyListener>>();
  readonly #pollMs: number;
  readonly #settleMs: number;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;
  #failing = false;
  /** The poller reads only ids above this: rows at or below it were visible `settleMs` ago (or when polling began). */
  #floor: number | null = null;
  /** The highest event id seen so far, sampled each tick: the floor trails it by `settleMs`. */
  #seen = 0;
  #samples: { at: number; id: number }[] = [];
  #polls = 0;
  /** Bumped on every stop: a poll that was in flight when its run stopped must not touch the next run. */
  #run = 0;

  constructor(
    private readonly db: Db,
    options: EventBusOptions = {},
  ) {
    this.#pollMs = options.pollMs ?? 1000;
    this.#settleMs = options.settleMs ?? 30_000;
  }

  /** Appends an event inside the transaction `tx`. Call `notify(businessId)` after it commits. */
  static async append(tx: DbLike, businessId: string, type: EventType, data: unknown): Promise<number> {
    await lockEventLogs(tx, [businessId]);
    const row = await tx.eventLog.create({ data: { businessId, type, payload: JSON.stringify(data) } });
    return row.id;
  }

  /** Appends an event in a transaction of its own and wakes the business's streams. */
  async publish(businessId: string, type: EventType, data: unknown): Promise<number> {
    const id = await this.db.$transaction((tx) => EventBus.append(tx, businessId, type, data));
    this.notify(businessId);
    return id;
  }

  /** Wakes the streams of one business to read the log. */
  notify(businessId: string): void {
    for (const listener of this.#listeners.get(businessId) ?? []) listener();
  }

  /**
   * Calls `listener` whenever the business may have new events; returns an unsubscribe function.
   * The first listener starts the poller, the last one to leave stops it.
   */
  onNotify(businessId: string, listener: NotifyListener): () => void {
    let set = this.#listeners.get(businessId);
    if (!set) this.#listeners.set(businessId, (set = new Set()));
    set.add(listener);
    this.#schedule();
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.#listeners.get(businessId) === set) this.#listeners.delete(businessId);
      if (this.#listeners.size === 0) this.#stop();
    };
  }

  /** How many times the poller has read the log (one query a tick, whatever the number of streams). */
  get pollQueries(): number {
    return this.#polls;
  }

  /** Whether the poller is running (some stream listens). */
  get polling(): boolean {
    return this.#timer !== null;
  }

  /** Stops the poller for good (before the database closes). Listeners stay but are no longer polled for. */
  close(): void {
    this.#closed = true;
    this.#stop();
  }

  #schedule() {
    if (this.#timer || this.#closed || this.#listeners.size === 0) return;
    this.#timer = setTimeout(() => void this.#tick(), this.#pollMs);
    this.#timer.unref();
  }

  #stop() {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#run++;
    // A fresh start re-reads where the log stands: what happened while nobody listened is not news.
    this.#floor = null;
    this.#samples = [];
  }

  async #tick() {
    const started = this.#timer;
    try {
      await this.#poll();
      this.#failing = false;
    } catch (error) {
      // The database may be briefly away: streams keep their place, the next tick tries again.
      if (!this.#failing && !this.#closed) console.error('Event log poll failed', error);
      this.#failing = true;
    }
    // Unless stopped (or stopped and restarted) meanwhile, wait for the next tick.
    if (this.#timer === started) {
      this.#timer = null;
      this.#schedule();
    }
  }

  async #poll() {
    const businesses = [...this.#listeners.keys()];
    if (businesses.length === 0) return;
    const run = this.#run;
    this.#polls++;
    if (this.#floor === null) {
      // First tick: where the whole log stands. Streams that subscribed before this read catch up
      // once. The floor starts at the newest row older than `settleMs`, not at the top: a row of
      // another process that took its id before this read and commits after it is still polled.
      const settled = new Date(Date.now() - this.#settleMs);
      const [{ _max }, below] = await Promise.all([
        this.db.eventLog.aggregate({ _max: { id: true } }),
        this.db.eventLog.findFirst({ where: { createdAt: { lte: settled } }, orderBy: { id: 'desc' }, select: { id: true } }),
      ]);
      if (run !== this.#run) return;
      const latest = _max.id ?? 0;
      this.#floor = Math.min(below?.id ?? 0, latest);
      this.#seen = latest;
      this.#samples = [{ at: Date.now(), id: latest }];
      // Every stream listening now, including any that subscribed while this read was in flight.
      for (const listeners of this.#listeners.values()) for (const listener of listeners) listener(latest);
      return;
    }
    const rows = await this.db.eventLog.groupBy({
      by: ['businessId'],
      where: { businessId: { in: businesses }, id: { gt: this.#floor } },
      _max: { id: true },
    });
    if (run !== this.#run) return;
    const now = Date.now();
    for (const row of rows) {
      const latest = row._max.id ?? 0;
      if (latest > this.#seen) this.#seen = latest;
      for (const listener of this.#listeners.get(row.businessId) ?? []) listener(latest);
    }
    // The floor moves up to what was seen `settleMs` ago: a row below it committed long since.
    this.#samples.push({ at: now, id: this.#seen });
    while (this.#samples.length > 0 && this.#samples[0]!.at <= now - this.#settleMs) this.#floor = Math.max(this.#floor, this.#samples.shift()!.id);
  }

  /** Events of a business after `afterId`, oldest first. */
  async since(businessId: string, afterId: number, limit = 500): Promise<LoggedEvent[]> {
    const rows = await this.db.eventLog.findMany({
      where: { businessId, id: { gt: afterId } },
      orderBy: { id: 'asc' },
      take: limit,
    });
    return rows.map((row) => ({
      id: row.id,
      type: row.type as EventType,
      data: JSON.parse(row.payload) as unknown,
      createdAt: row.createdAt.toISOString(),
    }));
  }

  /** The newest event id of a business (0 when none), where a fresh stream starts. */
  async latestId(businessId: string): Promise<number> {
    const row = await this.db.eventLog.findFirst({ where: { businessId }, orderBy: { id: 'desc' }, select: { id: true } });
    return row?.id ?? 0;
  }
}
