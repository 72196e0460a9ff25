import { asThreadlineError, type ThreadlineError } from './errors.ts';
import type { ConnectionState, Emitter } from './events.ts';
import type { Http } from './http.ts';
import { createSseParser } from './sse.ts';
import { createStore, type ReadableStore } from './store.ts';
import type { LiveEvent, LiveEventType } from './types.ts';

/** Tuning of the live event stream. */
export interface ConnectionOptions {
  /** First reconnect delay; doubles per failed attempt. Default 250 ms. */
  minDelayMs?: number;
  /** Longest reconnect delay. Default 10 s. */
  maxDelayMs?: number;
  /** Reconnect when nothing (not even a `: ping`) arrived for this long. Default 45 s. */
  heartbeatTimeoutMs?: number;
}

/** What the stream is doing, for a status indicator. */
export interface ConnectionStatus {
  state: ConnectionState;
  /** Why the last attempt failed; null once open. */
  error: ThreadlineError | null;
  /** Id of the last event received: the stream resumes after it. */
  lastEventId: number | null;
}

/** The client's single live event stream. */
export interface Connection {
  readonly status: ReadableStore<ConnectionStatus>;
  /** Opens the stream if it is not open yet (idempotent; the client calls it on the first listener). */
  start(): void;
  /** Ends the stream for good. */
  close(): void;
}

/**
 * Streams `GET /v1/events` with fetch (so the token travels in a header, in browsers and Node),
 * reconnecting with jittered exponential backoff and resuming with `Last-Event-ID`.
 */
export function createConnection(http: Http, emitter: Emitter, options: ConnectionOptions = {}): Connection {
  const minDelay = options.minDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 10_000;
  const heartbeatTimeout = options.heartbeatTimeoutMs ?? 45_000;
  const status = createStore<ConnectionStatus>({ state: 'closed', error: null, lastEventId: null });
  let started = false;
  let closed = false;
  let controller: AbortController | undefined;
  let wake: (() => void) | undefined;

  function update(patch: Partial<ConnectionStatus>) {
    const previous = status.get();
    status.set({ ...previous, ...patch });
    if (patch.state && patch.state !== previous.state) emitter.emit('connection.changed', { state: patch.state });
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  // "Equal jitter": half the delay fixed, half random, so a fleet of clients does not reconnect in step.
  const backoff = (attempt: number) => {
    const delay = Math.min(maxDelay, minDelay * 2 ** attempt);
    return (delay * (1 + Math.random())) / 2;
  };

  async function read(body: ReadableStream<Uint8Array>, abort: AbortController) {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    // The server's `retry:` field is meant for EventSource; our own jittered backoff decides instead.
    const parser = createSseParser((message) => {
      const id = /^\d+$/.test(message.id ?? '') ? Number(message.id) : null;
      if (id !== null) update({ lastEventId: id });
      let data: unknown;
      try {
        data = JSON.parse(message.data);
      } catch {
        return; // not ours to interpret; the id is still recorded so it is not replayed
      }
      const type = message.event as LiveEventType;
      emitter.emit(type, data as never, { id: id ?? 0, type, data } as LiveEvent);
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => abort.abort(new Error('heartbeat timeout')), heartbeatTimeout);
    };
    try {
      arm();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        arm();
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } finally {
      clearTimeout(timer);
      reader.cancel().catch(() => {});
    }
  }

  async function run() {
    let attempt = 0;
    let opened = false;
    while (!closed) {
      update({ state: 'connecting' });
      const abort = (controller = new AbortController());
      let error: ThreadlineError | null = null;
      try {
        const lastEventId = status.get().lastEventId;
        // Like any request, an expired token is renewed and the stream retried at once (once).
        const body = await http.request<ReadableStream<Uint8Array>>('GET', '/v1/events', {
          signal: abort.signal,
          stream: true,
          headers: lastEventId === null ? {} : { 'last-event-id': String(lastEventId) },
        });
        attempt = 0;
        update({ state: 'open', error: null });
        if (opened) emitter.emit('connection.recovered', { lastEventId: status.get().lastEventId });
        opened = true;
        await read(body, abort);
      } catch (cause) {
        error = asThreadlineError(cause);
      }
      if (closed) break;
      update({ state: 'closed', error });
      await sleep(backoff(attempt++));
    }
  }

  return {
    status,
    start() {
      if (started || closed) return;
      started = true;
      void run();
    },
    close() {
      closed = true;
      controller?.abort();
      wake?.();
      update({ state: 'closed' });
    },
  };
}
