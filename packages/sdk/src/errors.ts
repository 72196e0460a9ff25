import type { ErrorCode } from './types.ts';

/** Codes the client adds to the server's: the request never got an answer, or not a readable one. */
export type ClientErrorCode = ErrorCode | 'network_error' | 'invalid_response' | 'internal' | (string & {});

/**
 * Every failure of an API call: the server's `{ error: { code, message, details } }`, or
 * `network_error` (status 0) when no answer came.
 * @example
 * try { await client.messages.send(input) } catch (e) { if (e instanceof ThreadlineError && e.code === 'insufficient_balance') ... }
 */
export class ThreadlineError extends Error {
  constructor(
    /** HTTP status; 0 when the server was not reached. */
    readonly status: number,
    readonly code: ClientErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ThreadlineError';
  }
}

const STATUS_CODES: Record<number, string> = {
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'invalid_request',
};

/** Builds the error for a non-2xx answer from its parsed body (any shape: proxies answer too). */
export function errorFromResponse(status: number, body: unknown): ThreadlineError {
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  if (error && typeof error.code === 'string') {
    const details = error.details && typeof error.details === 'object' ? (error.details as Record<string, unknown>) : {};
    return new ThreadlineError(status, error.code, typeof error.message === 'string' ? error.message : error.code, details);
  }
  const code = STATUS_CODES[status] ?? (status >= 500 ? 'internal' : 'invalid_request');
  return new ThreadlineError(status, code, `Request failed with status ${status}`);
}

/** The error for a request that got no answer. */
export function networkError(cause: unknown): ThreadlineError {
  const error = new ThreadlineError(0, 'network_error', 'Could not reach the server');
  (error as { cause?: unknown }).cause = cause;
  return error;
}

/** Any thrown value as a ThreadlineError, so state always holds the same shape. */
export function asThreadlineError(error: unknown): ThreadlineError {
  return error instanceof ThreadlineError ? error : networkError(error);
}

/** Whether an error is an abort the caller asked for (not a failure to show). */
export function isAbortError(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === 'AbortError';
}
