// An in-memory stand-in for the server, plugged in as the client's `fetch`: unit tests drive the
// real client code (transport, stream, stores) with no sockets. Not part of the public API.

/** One request the client made. */
export interface FakeCall {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
}

type Handler = (call: FakeCall) => { status?: number; body?: unknown } | Promise<{ status?: number; body?: unknown }>;

/** A live event stream the test writes to. */
export interface FakeStream {
  call: FakeCall;
  /** Sends one event in the server's format. */
  send(id: number, type: string, data: unknown): void;
  write(text: string): void;
  /** Ends the response (as a server restart would). */
  end(): void;
  /** Fails the response mid-stream (as a dropped connection would). */
  fail(): void;
  readonly closed: boolean;
}

/** Creates the fake: register routes with `on`, read `calls` and `streams`, pass `fetch` to the client. */
export function createFakeApi() {
  const routes: Array<{ method: string; path: RegExp; handler: Handler }> = [];
  const calls: FakeCall[] = [];
  const streams: FakeStream[] = [];
  const streamWaiters: Array<(stream: FakeStream) => void> = [];
  let eventsHandler: ((call: FakeCall) => { status: number; body: unknown } | undefined) | undefined;

  const encoder = new TextEncoder();

  function openStream(call: FakeCall, signal: AbortSignal | null | undefined): Response {
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    let closed = false;
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        controller = c;
      },
      cancel() {
        closed = true;
      },
    });
    const stream: FakeStream = {
      call,
      get closed() {
        return closed;
      },
      write(text) {
        if (!closed) controller.enqueue(encoder.encode(text));
      },
      send(id, type, data) {
        stream.write(`id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
      },
      end() {
        if (closed) return;
        closed = true;
        controller.close();
      },
      fail() {
        if (closed) return;
        closed = true;
        controller.error(new TypeError('terminated'));
      },
    };
    signal?.addEventListener('abort', () => {
      if (closed) return;
      closed = true;
      controller.error(new DOMException('aborted', 'AbortError'));
    });
    streams.push(stream);
    streamWaiters.splice(0).forEach((resolve) => resolve(stream));
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  }

  const fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input));
    const headers = new Headers(init.headers);
    let body: unknown = init.body;
    if (typeof body === 'string') body = JSON.parse(body);
    const call: FakeCall = { method: init.method ?? 'GET', path: url.pathname, query: url.searchParams, headers, body };
    calls.push(call);
    if (init.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    if (call.path === '/v1/events') {
      const refusal = eventsHandler?.(call);
      if (refusal) return Response.json(refusal.body, { status: refusal.status });
      return openStream(call, init.signal);
    }
    const route = routes.find((candidate) => candidate.method === call.method && candidate.path.test(call.path));
    if (!route) return Response.json({ error: { code: 'not_found', message: `No route ${call.method} ${call.path}` } }, { status: 404 });
    const result = await route.handler(call);
    return new Response(result.body === undefined ? null : JSON.stringify(result.body), {
      status: result.status ?? 200,
      headers: { 'content-type': 'application/json' },
    });
  };

  return {
    fetch: fetch as typeof globalThis.fetch,
    calls,
    streams,
    /** Registers a handler for `method` and a path pattern. */
    on(method: string, path: RegExp, handler: Handler) {
      routes.unshift({ method, path, handler });
    },
    /** Decides whether `/v1/events` is refused (return a status and body) or streamed (return undefined). */
    onEvents(handler: typeof eventsHandler) {
      eventsHandler = handler;
    },
    /** Resolves with the next stream the client opens (or the newest open one). */
    nextStream(): Promise<FakeStream> {
      return new Promise((resolve) => streamWaiters.push(resolve));
    },
  };
}

/** Resolves after pending promise callbacks and timers of `ms` have run. */
export const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` passes (polling), failing after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs = 2000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await tick(5);
  }
}
