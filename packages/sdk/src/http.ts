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
}

/** The authenticated JSON transport every manager uses. */
export interface Http {
  readonly baseUrl: string;
  /** The fetch the client was given (or the global one). */
  readonly fetch: typeof fetch;
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
  /** Runs a custom attempt (e.g. an upload with XMLHttpRequest) with the same token and error handling. */
  send<T>(attempt: Attempt): Promise<T>;
  /** The current token, fetching one if needed. */
  token(): Promise<string>;
  /** Gets a new token because `stale` was refused; concurrent callers share one refresh. */
  refreshToken(stale: string): Promise<string>;
  /** Whether a refused token can be replaced. */
  readonly canRefresh: boolean;
  url(path: string, query?: Query): string;
}

/** Whether an error means the token should be replaced. */
export function isTokenError(error: ThreadlineError): boolean {
  return error.status === 401 && (error.code === 'token_expired' || error.code === 'unauthorized');
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Creates the transport. `getToken` is called lazily, and again when the server refuses the token. */
export function createHttp(options: { baseUrl: string; fetch?: typeof fetch } & TokenSource): Http {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const fetchImpl = options.fetch ?? ((...args: Parameters<typeof fetch>) => globalThis.fetch(...args));
  let current: string | undefined = options.token;
  let pending: Promise<string> | undefined;

  function obtain(): Promise<string> {
    // One getToken call at a time: a burst of 401s must not mint a burst of tokens.
    pending ??= Promise.resolve()
      .then(() => options.getToken!())
      .then(
        (token) => {
          if (typeof token !== 'string' || !token) throw new ThreadlineError(0, 'unauthorized', 'getToken returned no token');
          current = token;
          return token;
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
      });
    return pending;
  }

  const http: Http = {
    baseUrl,
    fetch: fetchImpl,
    canRefresh: typeof options.getToken === 'function',
    async token() {
      if (current !== undefined) return current;
      if (pending) return pending;
      if (!http.canRefresh) throw new ThreadlineError(0, 'unauthorized', 'No token: pass token or getToken');
      return obtain();
    },
    async refreshToken(stale) {
      if (!http.canRefresh) throw new ThreadlineError(401, 'unauthorized', 'The token was refused and cannot be refreshed');
      // Someone else already replaced it while our request was in flight.
      if (current !== undefined && current !== stale) return current;
      if (pending) return pending;
      current = undefined;
      return obtain();
    },
    url(path, query) {
      const url = new URL(baseUrl + path);
      for (const [key, value] of Object.entries(query ?? {})) {
        if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
      }
      return url.toString();
    },
    async send<T>(attempt: Attempt): Promise<T> {
      let token = await http.token();
      let response = await attempt(token);
      if (response.status === 401 && http.canRefresh && isTokenError(errorFromResponse(401, response.body))) {
        token = await http.refreshToken(token);
        response = await attempt(token);
      }
      if (response.status < 200 || response.status >= 300) throw errorFromResponse(response.status, response.body);
      return response.body as T;
    },
    request<T>(method: string, path: string, { query, body, signal }: RequestOptions = {}) {
      return http.send<T>(async (token) => {
        const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
        const isForm = typeof FormData !== 'undefined' && body instanceof FormData;
        if (body !== undefined && !isForm) headers['content-type'] = 'application/json';
        const init: RequestInit = { method, headers };
        if (body !== undefined) init.body = isForm ? (body as FormData) : JSON.stringify(body);
        if (signal) init.signal = signal;
        try {
          const response = await fetchImpl(http.url(path, query), init);
          return { status: response.status, body: await readBody(response) };
        } catch (error) {
          if (isAbortError(error)) throw error;
          throw networkError(error);
        }
      });
    },
  };
  return http;
}
