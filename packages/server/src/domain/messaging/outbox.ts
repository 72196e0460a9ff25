// The outbox: accepted messages wait in the database (status `queued`) until this worker hands them
// to the carrier. Because the send request only writes rows, a message accepted just before a crash
// still goes out when any server process starts again.
//
// Claiming is a conditional update, so several processes sharing a PostgreSQL database never send
// the same message twice at once. A claim is a lease: a process that dies mid-send leaves the
// message `sending` without a carrier id, and once the lease expires another process retries it.
// That retry could duplicate a text if the process died after the carrier accepted it but before
// the carrier id was stored: a window of milliseconds, accepted because Twilio offers no idempotency key.
import { CarrierError, type OutboundMessage } from '../../carrier/index.ts';
import type { Services } from '../../services.ts';
import { EventBus } from '../events/index.ts';
import type { Tx } from '../threads/activity.ts';
import { mediaUrl, messageInclude, threadInclude, toMessageDto, toThreadDto } from '../threads/dto.ts';
import { errorWords, RECIPIENT_OPTED_OUT_CODE } from './error-codes.ts';
import { advanceMessageStatus, linksOf } from './status.ts';
import { transact } from './transaction.ts';

/** Tuning knobs of the outbox worker. */
export interface OutboxOptions {
  /** How often to look for due messages when nothing wakes the worker (default 1000 ms). */
  pollMs?: number;
  /** How long a claim lasts before another worker may retry the message (default 120 s). */
  leaseMs?: number;
  /** Attempts before a message whose carrier keeps failing is marked failed (default 10). */
  maxAttempts?: number;
  /** First retry delay, doubled each attempt up to `maxBackoffMs` (default 2000 ms). */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Messages sent at once (default 4). */
  concurrency?: number;
}

/** The path carriers report message status to. */
export const MESSAGE_STATUS_PATH = '/webhooks/twilio/message-status';

/** Hands queued messages to the carrier, retrying transient failures with backoff. */
export class OutboxWorker {
  readonly #services: Services;
  readonly #options: Required<OutboxOptions>;
  #running = false;
  #loop: Promise<void> | null = null;
  #wake: (() => void) | null = null;
  #kicked = false;

  constructor(services: Services, options: OutboxOptions = {}) {
    this.#services = services;
    this.#options = {
      pollMs: options.pollMs ?? 1000,
      leaseMs: options.leaseMs ?? 120_000,
      maxAttempts: options.maxAttempts ?? 10,
      backoffMs: options.backoffMs ?? 2000,
      maxBackoffMs: options.maxBackoffMs ?? 300_000,
      concurrency: options.concurrency ?? 4,
    };
  }

  /** Starts the loop (idempotent). */
  start(): this {
    if (this.#running) return this;
    this.#running = true;
    this.#loop = this.#run();
    return this;
  }

  /** Stops taking new messages and waits for the ones in flight. */
  async stop(): Promise<void> {
    this.#running = false;
    this.kick();
    await this.#loop;
    this.#loop = null;
  }

  /** Wakes the worker now (a send was just accepted). */
  kick(): void {
    this.#kicked = true;
    this.#wake?.();
  }

  async #run(): Promise<void> {
    while (this.#running) {
      let worked = 0;
      try {
        worked = await this.runOnce();
      } catch (error) {
        console.error('Outbox: could not process queued messages', error);
      }
      if (!this.#running) break;
      if (worked > 0 || this.#kicked) {
        this.#kicked = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.#options.pollMs);
        timer.unref();
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = null;
    }
  }

  /** Claims and sends the messages due now; returns how many it handled. */
  async runOnce(): Promise<number> {
    const { db } = this.#services;
    const now = new Date();
    const due = await db.message.findMany({
      where: {
        direction: 'outbound',
        carrierSid: null,
        nextAttemptAt: { lte: now },
        status: { in: ['queued', 'sending'] },
      },
      orderBy: [{ nextAttemptAt: 'asc' }, { id: 'asc' }],
      take: this.#options.concurrency * 4,
      select: { id: true, status: true, nextAttemptAt: true },
    });
    let handled = 0;
    const queue = [...due];
    const workers = Array.from({ length: Math.min(this.#options.concurrency, queue.length) }, async () => {
      for (let next = queue.shift(); next && this.#running; next = queue.shift()) {
        if (await this.#claim(next.id, next.status, next.nextAttemptAt!)) {
          await this.#deliver(next.id);
          handled++;
        }
      }
    });
    await Promise.all(workers);
    return handled;
  }

  async #claim(messageId: string, status: string, nextAttemptAt: Date): Promise<boolean> {
    const links = linksOf(this.#services.config);
    const claimed = await transact(this.#services.db, async (tx) => {
      const { count } = await tx.message.updateMany({
        // The same status and due time as read: if another worker claimed it meanwhile, both changed.
        where: { id: messageId, status, nextAttemptAt, carrierSid: null },
        data: { status: 'sending', attempts: { increment: 1 }, nextAttemptAt: new Date(Date.now() + this.#options.leaseMs) },
      });
      if (count === 0) return null;
      const row = await tx.message.findUniqueOrThrow({ where: { id: messageId }, include: messageInclude });
      if (status === 'queued') await EventBus.append(tx, row.businessId, 'message.updated', toMessageDto(links, row));
      return row;
    });
    if (claimed && status === 'queued') this.#services.bus.notify(claimed.businessId);
    return claimed !== null;
  }

  async #optOut(tx: Tx, businessId: string, threadId: string): Promise<void> {
    const thread = await tx.thread.findUniqueOrThrow({ where: { id: threadId }, select: { contactId: true } });
    const { count } = await tx.contact.updateMany({ where: { id: thread.contactId, optedOut: false }, data: { optedOut: true, optedOutAt: new Date() } });
    if (count === 0) return;
    const updated = await tx.thread.findUniqueOrThrow({ where: { id: threadId }, include: threadInclude });
    await EventBus.append(tx, businessId, 'thread.updated', toThreadDto(updated));
  }

  async #deliver(messageId: string): Promise<void> {
    const { db, carrier, config, bus } = this.#services;
    const row = await db.message.findUniqueOrThrow({ where: { id: messageId }, include: { media: { orderBy: { createdAt: 'asc' } } } });
    const outbound: OutboundMessage = {
      messageId: row.id,
      from: row.from,
      to: row.to,
      body: row.body,
      mediaUrls: row.media.map((media) => mediaUrl(config.publicUrl, media)),
      statusCallbackUrl: `${config.publicUrl}${MESSAGE_STATUS_PATH}?messageId=${encodeURIComponent(row.id)}`,
    };
    const links = linksOf(config);
    try {
      const result = await carrier.sendMessage(outbound);
      await transact(db, async (tx) => {
        await tx.message.updateMany({ where: { id: row.id, carrierSid: null }, data: { carrierSid: result.sid, nextAttemptAt: null } });
        await advanceMessageStatus(tx, links, { messageId: row.id, businessId: row.businessId, status: result.status });
      });
      bus.notify(row.businessId);
    } catch (error) {
      const carrierError = error instanceof CarrierError ? error : null;
      // Anything that is not a carrier refusal (a bug, a dropped connection) is treated as transient.
      const retryable = carrierError ? carrierError.retryable : true;
      if (!carrierError) console.error(`Outbox: sending message ${row.id} failed unexpectedly`, error);
      if (retryable && row.attempts < this.#options.maxAttempts) {
        const delay = Math.min(this.#options.backoffMs * 2 ** Math.max(0, row.attempts - 1), this.#options.maxBackoffMs);
        const jitter = delay * 0.2 * Math.random();
        await db.message.updateMany({
          where: { id: row.id, status: 'sending', carrierSid: null },
          data: { nextAttemptAt: new Date(Date.now() + delay + jitter) },
        });
        return;
      }
      const code = carrierError?.code ?? '30008';
      const changed = await transact(db, async (tx) => {
        const failed = await advanceMessageStatus(tx, links, {
          messageId: row.id,
          businessId: row.businessId,
          status: 'failed',
          errorCode: code,
          errorMessage: errorWords(code, carrierError?.message),
        });
        // The carrier knows of a STOP we never saw (sent to another number of ours, or before
        // Threadline): record it, so the composer says why instead of failing every time.
        if (failed && code === RECIPIENT_OPTED_OUT_CODE) await this.#optOut(tx, row.businessId, row.threadId);
        return failed;
      });
      if (changed) bus.notify(row.businessId);
    }
  }
}
