// The inbox on a thread of its own (SQLite). The HTTP thread only checks signatures and parses
// forms; appending accepted webhooks and folding them run on a worker thread with its own SQLite
// connection, so the two use both CPU cores.
//
// Why the appends move too, not only the fold: SQLite has one writer at a time, and better-sqlite3
// waits for a lock synchronously. An HTTP thread appending while the fold thread held the lock
// would stall every request it serves; with both on the fold thread they simply take turns (the
// writer's group commit and the worker's quiet check, unchanged from domain/messaging/inbox.ts),
// while the HTTP thread goes on reading and checking the next webhooks.
//
// Guarantees are the inbox's own: a webhook's `accept` resolves only once its row is committed on
// the thread's connection; the rows are the record, so a thread (or process) that dies before
// folding leaves them to the next start. PostgreSQL keeps the in-process inbox: there every
// connection writes concurrently and several processes share the folding.
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Services } from '../../services.ts';
import type { AcceptedInbound, Inbox, InboxOptions } from './inbox.ts';

/** What the thread is started with (structured-cloned). */
export interface InboxThreadData {
  /** The module the bootstrap imports (this folder's inbox-thread-main). */
  entry: string;
  config: Services['config'];
  options: InboxOptions;
  /** Whether the thread folds on its own (false: rows wait for `drain`, or for a later start). */
  fold: boolean;
}

/** Messages from the HTTP thread to the inbox thread. */
export type ToInboxThread =
  | { type: 'accept'; id: number; rows: AcceptedInbound[] }
  | { type: 'drain'; id: number }
  | { type: 'stop'; id: number };

/** Messages from the inbox thread. */
export type FromInboxThread =
  | { type: 'ready' }
  | { type: 'accepted'; id: number; errors: (string | null)[] }
  | { type: 'drained'; id: number; count?: number; error?: string }
  | { type: 'stopped'; id: number }
  | { type: 'notify'; businessId: string }
  | { type: 'failed'; error: string };

const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

/** The inbox as seen from the HTTP thread: accept and drain go to the inbox thread. */
export class InboxThread implements Inbox {
  readonly #services: Services;
  readonly #data: InboxThreadData;
  #worker: Worker;
  #ready: Promise<void>;
  #nextId = 0;
  readonly #waiting = new Map<number, { resolve: (message: FromInboxThread) => void; reject: (error: unknown) => void }>();
  /** Rows accepted in this turn of the event loop, sent to the thread together. */
  #batch: { row: AcceptedInbound; resolve: () => void; reject: (error: unknown) => void }[] = [];
  #stopping = false;

  constructor(services: Services, options: InboxOptions, fold: boolean) {
    this.#services = services;
    this.#data = { entry: new URL(`./inbox-thread-main${extension}`, import.meta.url).href, config: services.config, options, fold };
    [this.#worker, this.#ready] = this.#spawn();
  }

  #spawn(): [Worker, Promise<void>] {
    // A plain-JS bootstrap registers the TypeScript loader in the thread: loaders registered at run
    // time (bin/threadline.js) do not reach worker threads.
    const worker = new Worker(fileURLToPath(new URL('./inbox-thread-bootstrap.mjs', import.meta.url)), { workerData: this.#data });
    let started = false;
    const ready = new Promise<void>((resolve, reject) => {
      const onMessage = (message: FromInboxThread) => {
        if (message.type === 'ready') {
          started = true;
          resolve();
        }
        else if (message.type === 'failed') reject(new Error(`Inbox thread failed to start: ${message.error}`));
        else if (message.type === 'notify') this.#services.bus.notify(message.businessId);
        else {
          const waiting = this.#waiting.get(message.id);
          this.#waiting.delete(message.id);
          waiting?.resolve(message);
        }
      };
      worker.on('message', onMessage);
      worker.once('error', (error) => {
        reject(error);
        console.error('Inbox thread crashed', error);
      });
      worker.once('exit', (code) => {
        reject(new Error(`Inbox thread exited (${code}) before it was ready`));
        // Nothing answered is lost: those webhooks were not acknowledged (Twilio retries them) and
        // committed rows are folded by the next thread.
        const error = new Error(`Inbox thread exited (${code})`);
        for (const [id, waiting] of this.#waiting) {
          this.#waiting.delete(id);
          waiting.reject(error);
        }
        // One that never started (say, the database cannot be opened) is not restarted in a loop:
        // its error is what accept and drain answer from now on.
        if (!this.#stopping && started) {
          console.error(`Inbox thread exited (${code}); starting a new one`);
          [this.#worker, this.#ready] = this.#spawn();
          this.#ready.catch((startError) => console.error(startError));
        }
      });
    });
    ready.catch(() => {}); // surfaced to whoever awaits it
    return [worker, ready];
  }

  /** Resolves once the thread has opened its database. */
  ready(): Promise<void> {
    return this.#ready;
  }

  async #ask(message: ToInboxThread): Promise<FromInboxThread> {
    await this.#ready;
    return new Promise((resolve, reject) => {
      this.#waiting.set(message.id, { resolve, reject });
      this.#worker.postMessage(message);
    });
  }

  accept(row: AcceptedInbound): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.#batch.length === 0) setImmediate(() => this.#send());
      this.#batch.push({ row, resolve, reject });
    });
  }

  async #send(): Promise<void> {
    const batch = this.#batch;
    this.#batch = [];
    try {
      const answer = await this.#ask({ type: 'accept', id: ++this.#nextId, rows: batch.map((entry) => entry.row) });
      if (answer.type !== 'accepted') throw new Error(`Inbox thread answered ${answer.type} to accept`);
      batch.forEach((entry, index) => {
        const error = answer.errors[index];
        if (error) entry.reject(new Error(error));
        else entry.resolve();
      });
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    }
  }

  async drain(): Promise<number> {
    const answer = await this.#ask({ type: 'drain', id: ++this.#nextId });
    if (answer.type !== 'drained') throw new Error(`Inbox thread answered ${answer.type} to drain`);
    if (answer.error) throw new Error(answer.error);
    return answer.count ?? 0;
  }

  /** Lets rows mid-commit finish, stops the fold (waiting for the batch in flight), closes the thread. */
  async stop(): Promise<void> {
    if (this.#stopping) return;
    // Webhooks accepted in this very turn get their commit first.
    if (this.#batch.length) await new Promise((resolve) => setImmediate(resolve));
    this.#stopping = true;
    try {
      await this.#ask({ type: 'stop', id: ++this.#nextId });
    } catch {
      // the thread is already gone: nothing of it to stop
    }
    await this.#worker.terminate();
  }

  /** Ends the thread at once, as a crash would, and lets a new one start (tests of what survives). */
  async crash(): Promise<void> {
    const crashed = this.#worker;
    await crashed.terminate();
    // The exit handler has started the next thread.
    await this.#ready;
  }
}
