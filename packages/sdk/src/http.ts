import { errorFromResponse, networkError, isAbortError, ThreadlineError } from './errors.ts';

/** How the client authenticates: a fixed token, or a function it calls for a fresh one. */
export type TokenSource = { token: string; getToken?: never } | { getToken: () => Promise<string> | string; token?: never };

/** One request's answer, before it is judged. */
export interface RawResponse {
  status: number;
  body: unknown;
}

/** Sends one attempt with the given token; the transport retries it once after a token refresh. */
export type Attempt = (token: string) => Promise<RawResponse>;

/** Query values; undefined and empty ones are left out. */
export type Query = Record<string, string | number | boolean | null | undefined>;

/** What a request needs besides the method and path. */
export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** More headers (the event stream's Last-Event-ID). */
  headers?: Record<string, string>;
  /** Ask for text/event-stream, uncached, and resolve with the answer's body stream. */
  stream?: boolean;
}

/** The authenticated JSON transport every manager uses. */
export interface Http {
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
  /**
   * Runs an attempt (e.g. an upload with XMLHttpRequest, the event stream) with the token; a refused
   * token is renewed and the attempt made once more. A non-2xx answer throws its ThreadlineError.
   */
  send<T>(attempt: Attempt): Promise<T>;
  url(path: string, query?: Query): string;
}

/** An answer's body: parsed JSON, else the text itself; null when empty. */
export function parseBody(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
}

/** Creates the transport. `getToken` is called lazily, and again when the server refuses the token. */
export function createHttp(options: { baseUrl: string; fetch?: typeof fetch } & TokenSource): Http {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const fetchImpl = options.fetch ?? ((...args: Parameters<typeof fetch>) => globalThis.fetch(...args));
  const canRefresh = typeof options.getToken === 'function';
  let current: string | undefined = options.token;
  let pending: Promise<string> | undefined;

  // The current token, fetching one if needed; one getToken call at a time, so a burst of 401s
  // does not mint a burst of tokens.
  async function token(): Promise<string> {
    if (current !== undefined) return current;
    if (!canRefresh) throw new ThreadlineError(0, 'unauthorized', 'No token: pass token or getToken');
    return (pending ??= Promise.resolve()
      .then(() => options.getToken!())
      .then(
        (token) => {
          if (typeof token !== 'string' || !token) throw new ThreadlineError(0, 'unauthorized', 'getToken returned no token');
          return (current = token);
        },
        (cause: unknown) => {
          // The host's token endpoint failed: say so, rather than blame the network or the server.
          const error = new ThreadlineError(0, 'unauthorized', 'getToken failed');
          (error as { cause?: unknown }).cause = cause;
          throw error;
        },
      )
      .finally(() => {
        pending = undefined;
      }));
  }

  const http: Http = {
    url(path, query = {}) {
      const url = new URL(baseUrl + path);
      for (const [key, value] of Object.entries(query)) {
        if (value != null && value !== '') url.searchParams.set(key, String(value));
      }
      return url.href;
    },
    async send<T>(attempt: Attempt): Promise<T> {
      const used = await token();
      let response = await attempt(used);
      if (response.status === 401 && canRefresh && ['token_expired', 'unauthorized'].includes(errorFromResponse(401, response.body).code)) {
        // Unless another request already replaced the refused token while this one was in flight.
        if (current === used) current = undefined;
        response = await attempt(await token());
      }
      if (response.status < 200 || response.status >= 300) throw errorFromResponse(response.status, response.body);
      return response.body as T;
    },
    request<T>(method: string, path: string, { query, body, signal, headers, stream }: RequestOptions = {}) {
      // FormData is global in every browser and in Node 18+ (the workspace needs 20.19).
      const json = body !== undefined && !(body instanceof FormData);
      return http.send<T>(async (token) => {
        try {
          const response = await fetchImpl(http.url(path, query), {
            method,
            headers: {
              authorization: `Bearer ${token}`,
              accept: stream ? 'text/event-stream' : 'application/json',
              ...(json && { 'content-type': 'application/json' }),
              ...headers,
            },
            body: json ? JSON.stringify(body) : (body as FormData | undefined),
            signal,
            cache: stream ? 'no-store' : undefined,
          });
          return { status: response.status, body: stream && response.ok ? response.body : parseBody(await response.text()) };
        } catch (error) {
          throw isAbortError(error) ? error : networkError(error);
        }
      });
    },
  };
  return http;
}
