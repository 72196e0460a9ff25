import { ThreadlineError } from '@threadline/sdk';

/**
 * Any thrown value as a ThreadlineError: the SDK throws those already; anything else (a browser
 * error from XHR or fetch) is reported as a network error carrying its text.
 */
export function asError(error: unknown): ThreadlineError {
  return error instanceof ThreadlineError ? error : new ThreadlineError(0, 'network_error', String(error));
}
