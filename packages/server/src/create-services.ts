import type { Config } from './config.ts';
import { createDb, providerOf } from './db/client.ts';
import { EventBus, type EventBusOptions } from './domain/events/index.ts';
import { createCarrier } from './carrier/create.ts';
import { applyMessageStatus } from './domain/messaging/status.ts';
import { OutboxWorker, type OutboxOptions } from './domain/messaging/outbox.ts';
import { createInbox, type InboxOptions, type InboxWorker, type InboxWriter } from './domain/messaging/inbox.ts';
import { InboxThread } from './domain/messaging/inbox-thread.ts';
import type { Services } from './services.ts';

/** Options for `createServices`. */
export interface CreateServicesOptions {
  /** Start the outbox worker that hands queued messages to the carrier (default true). */
  worker?: boolean;
  /** Tuning for the outbox worker (tests shorten its delays). */
  outbox?: OutboxOptions;
  /** Timing of the event log poller behind the live event streams (tests shorten it). */
  events?: EventBusOptions;
  /**
   * Start the inbox worker that folds accepted inbound texts into threads (default: as `worker`).
   * Without it, webhooks are still accepted and wait in the inbox for a process that folds them.
   */
  inboxWorker?: boolean;
  /** Tuning for the inbox worker. */
  inbox?: InboxOptions;
  /**
   * SQLite: append and fold inbound webhooks on a worker thread with its own connection, so the
   * HTTP thread only checks and parses them (default true; see domain/messaging/inbox-thread.ts).
   * Ignored on PostgreSQL, where the inbox stays in-process.
   */
  inboxThread?: boolean;
}

const workers = new WeakMap<Services, OutboxWorker>();
const inboxWorkers = new WeakMap<Services, InboxWorker>();
const inboxWriters = new WeakMap<Services, InboxWriter>();
const inboxThreads = new WeakMap<Services, InboxThread>();

/**
 * Opens the database, the event bus and the carrier, and starts the outbox and inbox workers.
 * The database must already be migrated (see `migrate`). Close with `closeServices`.
 * @example
 * const services = await createServices(loadConfig());
 * const app = createApp(services);
 */
export async function createServices(config: Config, options: CreateServicesOptions = {}): Promise<Services> {
  const db = createDb(config.databaseUrl);
  const bus = new EventBus(db, options.events);
  // The carrier reports status through the same function as the webhook, which needs the services
  // the carrier is part of: the closure reads them once they exist.
  let services: Services | null = null;
  const carrier = await createCarrier(config, {
    onStatus: (update) => applyMessageStatus(services!, update),
  });
  // The inbox needs the services it is part of too; it is set right below.
  services = { config, db, bus, carrier, inbox: null as never };
  const inboxOptions = { maxDelayMs: config.inboxFoldMaxDelayMs, surgeRate: config.inboxSurgeRate, ...options.inbox };
  const fold = options.inboxWorker ?? options.worker !== false;
  if (providerOf(config.databaseUrl) === 'sqlite' && options.inboxThread !== false) {
    const thread = new InboxThread(services, inboxOptions, fold);
    try {
      await thread.ready();
    } catch (error) {
      await thread.stop();
      await db.$disconnect();
      throw error;
    }
    services.inbox = thread;
    inboxThreads.set(services, thread);
  } else {
    const inbox = createInbox(services, inboxOptions);
    services.inbox = inbox.inbox;
    inboxWriters.set(services, inbox.writer);
    if (fold) inboxWorkers.set(services, inbox.worker.start());
  }
  if (options.worker !== false) {
    const worker = new OutboxWorker(services, options.outbox).start();
    workers.set(services, worker);
    services.outbox = worker;
  }
  return services;
}

/**
 * Stops the outbox and inbox workers (waiting for the send or fold in flight), the event poller,
 * the carrier's timers and the database. Inbox rows not folded yet stay in the database for the
 * next start.
 */
export async function closeServices(services: Services): Promise<void> {
  services.bus.close();
  await workers.get(services)?.stop();
  workers.delete(services);
  // Webhooks mid-commit get their answer before the database closes.
  await inboxWriters.get(services)?.idle();
  inboxWriters.delete(services);
  await inboxWorkers.get(services)?.stop();
  inboxWorkers.delete(services);
  await inboxThreads.get(services)?.stop();
  inboxThreads.delete(services);
  await services.carrier.close();
  await services.db.$disconnect();
}
