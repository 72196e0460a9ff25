import { createBillingManager, type BillingManager } from './billing/index.ts';
import { createConnection, type ConnectionOptions, type ConnectionStatus } from './connection.ts';
import { createContactsManager, type ContactsManager } from './contacts/index.ts';
import type { ClientContext } from './context.ts';
import { createEmitter, type ClientEventListener, type ClientEventType } from './events.ts';
import { createHttp, type TokenSource } from './http.ts';
import { createMediaManager, type MediaManager } from './media/index.ts';
import { createMessagesManager, type MessagesManager } from './messages/index.ts';
import { createCallFlowsManager, createNumbersManager, type CallFlowsManager, type NumbersManager } from './numbers/index.ts';
import { createSetupManager, type SetupManager } from './setup/index.ts';
import type { ReadableStore } from './store.ts';
import { createThreadsManager, type ThreadsManager } from './threads/index.ts';
import { createTimeline, type Timeline } from './timeline/index.ts';
import type { Me } from './types.ts';

/** Options of `createClient`: where the server is, and a token or a way to get one. */
export type ClientOptions = {
  /** The Threadline server, e.g. "https://threadline.example.com" (routes live under /v1). */
  baseUrl: string;
  /** A fetch to use instead of the global one (tests, proxies). */
  fetch?: typeof fetch;
  /** Tuning of the live event stream. */
  connection?: ConnectionOptions;
} & TokenSource;

/** A Threadline client: small managers over one transport and one live event stream. */
export interface ThreadlineClient {
  readonly threads: ThreadsManager;
  readonly messages: MessagesManager;
  readonly numbers: NumbersManager;
  readonly callFlows: CallFlowsManager;
  readonly contacts: ContactsManager;
  readonly billing: BillingManager;
  readonly media: MediaManager;
  readonly setup: SetupManager;
  /** The live stream's state (connecting, open, closed; last error; last event id). */
  readonly connection: ReadableStore<ConnectionStatus>;
  /** The signed-in user, business and role, as the token says. */
  me(): Promise<Me>;
  /** A live timeline store of one thread; `to` is the contact's E.164 for sending into an empty thread. */
  timeline(threadId: string, options?: { to?: string }): Timeline;
  /** Listens to a live or connection event; the first listener opens the stream. Returns unsubscribe. */
  on<K extends ClientEventType>(type: K, listener: ClientEventListener<K>): () => void;
  /** Ends the live stream. Requests still work; the stream does not reopen. */
  close(): void;
}

/**
 * Creates a client. With `getToken`, the token is fetched on first use and again whenever the
 * server answers 401 (`token_expired` or `unauthorized`); the refused request is retried once.
 * @example
 * const client = createClient({ baseUrl: 'https://tl.example.com', getToken: () => fetch('/embed-token').then((r) => r.text()) });
 * const off = client.on('message.created', (message) => console.log(message.body));
 * const { items } = await client.threads.list({ limit: 20 });
 */
export function createClient(options: ClientOptions): ThreadlineClient {
  if (!options?.baseUrl) throw new TypeError('createClient needs a baseUrl');
  if (!options.token && typeof options.getToken !== 'function') throw new TypeError('createClient needs a token or getToken');
  const http = createHttp(options);
  const emitter = createEmitter();
  const connection = createConnection(http, emitter, options.connection);
  const context: ClientContext = {
    http,
    on(type, listener) {
      const off = emitter.on(type, listener);
      connection.start();
      return off;
    },
  };
  return {
    threads: createThreadsManager(context),
    messages: createMessagesManager(http),
    numbers: createNumbersManager(http),
    callFlows: createCallFlowsManager(http),
    contacts: createContactsManager(http),
    billing: createBillingManager(http),
    media: createMediaManager(http),
    setup: createSetupManager(http),
    connection: connection.status,
    me: () => http.request('GET', '/v1/me'),
    timeline: (threadId, timelineOptions) => createTimeline(context, threadId, timelineOptions),
    on: context.on,
    close: () => connection.close(),
  };
}
