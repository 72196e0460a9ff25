import { networkError, ThreadlineError } from './errors.ts';

/** The state of a cursor-paginated list store. */
export interface PagedState<T> {
  items: T[];
  /** Cursor of the next page; null when everything is loaded (or before the first load). */
  nextCursor: string | null;
  /** The first page (or a refresh) is loading. */
  isLoading: boolean;
  /** A further page is loading. */
  isLoadingNext: boolean;
  /** The last load's failure, kept in state for the view to show; cleared by the next success. */
  error: ThreadlineError | null;
}

/** The state before anything loaded. */
export function emptyPage<T>(): PagedState<T> {
  return { items: [], nextCursor: null, isLoading: false, isLoadingNext: false, error: null };
}

/** Any thrown value as a ThreadlineError, so state always holds the same shape. */
export function asThreadlineError(error: unknown): ThreadlineError {
  return error instanceof ThreadlineError ? error : networkError(error);
}

/** Items of `incoming` whose id is not in `existing` yet. */
export function newById<T extends { id: string }>(existing: T[], incoming: T[]): T[] {
  const ids = new Set(existing.map((item) => item.id));
  return incoming.filter((item) => !ids.has(item.id) && ids.add(item.id));
}
