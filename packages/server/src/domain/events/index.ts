import { EventEmitter } from 'node:events';
import type { Db } from '../../db/client.ts';

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
export type DbLike = Pick<Db, 'eventLog'>;

/**
 * The event log is the source of truth for live updates: rows are written in the same transaction
 * as the change they describe (so no update is lost), and the stream replays from an id.
 * The in-process bus only wakes streams early; with several server processes (PostgreSQL) each
 * stream also polls the log, so an event written by another process still arrives.
 */
export class EventBus {
  readonly #emitter = new EventEmitter();

  constructor(private readonly db: Db) {
    this.#emitter.setMaxListeners(0);
  }

  /** Appends an event inside `tx`. Call `notify(businessId)` after the transaction commits. */
  static async append(tx: DbLike, businessId: string, type: EventType, data: unknown): Promise<number> {
    const row = await tx.eventLog.create({ data: { businessId, type, payload: JSON.stringify(data) } });
    return row.id;
  }

  /** Appends an event outside any transaction and wakes the business's streams. */
  async publish(businessId: string, type: EventType, data: unknown): Promise<number> {
    const id = await EventBus.append(this.db, businessId, type, data);
    this.notify(businessId);
    return id;
  }

  /** Wakes the streams of one business to read the log. */
  notify(businessId: string): void {
    this.#emitter.emit(businessId);
  }

  /** Calls `listener` whenever the business may have new events; returns an unsubscribe function. */
  onNotify(businessId: string, listener: () => void): () => void {
    this.#emitter.on(businessId, listener);
    return () => this.#emitter.off(businessId, listener);
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
