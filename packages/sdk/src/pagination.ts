import { asThreadlineError, type ThreadlineError } from './errors.ts';
import { createStore, type Store } from './store.ts';
import type { Page } from './types.ts';

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

/** Items of `incoming` whose id is not in `existing` yet. */
export function newById<T extends { id: string }>(existing: T[], incoming: T[]): T[] {
  const ids = new Set(existing.map((item) => item.id));
  return incoming.filter((item) => !ids.has(item.id) && ids.add(item.id));
}

/** Oldest first by an ISO time, then by id, so the order is total. */
export function chronological(at: string, id: string, otherAt: string, otherId: string): number {
  return Date.parse(at) - Date.parse(otherAt) || (id < otherId ? -1 : +(id > otherId));
}

/** `items` without the one `item` replaces, with `item` inserted at its sorted place. */
export function place<T>(items: T[], item: T, compare: (a: T, b: T) => number, replaces: (other: T) => boolean): T[] {
  const rest = items.filter((other) => !replaces(other));
  const index = rest.findIndex((other) => compare(item, other) < 0);
  rest.splice(index < 0 ? rest.length : index, 0, item);
  return rest;
}

/** The loading half of a live list store, shared by the thread list and the timeline. */
export interface Pager<T, I> {
  store: Store<PagedState<T>>;
  /** Fetches a page and hands it to `use`, unless a refresh or `stop` came since; a failure lands in `error`. */
  load(cursor: string | undefined, use: (page: Page<I>) => void, failed?: Partial<PagedState<T>>, run?: number): Promise<void>;
  /** Reloads the first page; `first` builds the items from it and the current state. */
  refresh(): Promise<void>;
  /** Appends the next page through `more`; does nothing while loading or at the end. */
  loadNext(): Promise<void>;
  /** Drops the answers of loads in flight. */
  stop(): void;
}

/** Creates a pager over `fetchPage`; `first` and `more` say how a page joins the loaded items. */
export function createPager<T, I>(
  fetchPage: (cursor?: string) => Promise<Page<I>>,
  first: (state: PagedState<T>, items: I[]) => T[],
  more: (items: T[], page: I[]) => T[],
): Pager<T, I> {
  const store = createStore<PagedState<T>>(emptyPage());
  let generation = 0;
  const pager: Pager<T, I> = {
    store,
    async load(cursor, use, failed, run = generation) {
      try {
        const page = await fetchPage(cursor);
        if (run === generation) use(page);
      } catch (error) {
        if (run === generation) store.set((state) => ({ ...state, ...failed, error: asThreadlineError(error) }));
      }
    },
    refresh() {
      store.set((state) => ({ ...state, isLoading: true, isLoadingNext: false, error: null }));
      return pager.load(
        undefined,
        (page) => store.set((state) => ({ ...emptyPage(), items: first(state, page.items), nextCursor: page.nextCursor })),
        { isLoading: false },
        ++generation,
      );
    },
    async loadNext() {
      const state = store.get();
      if (!state.nextCursor || state.isLoading || state.isLoadingNext) return;
      store.set({ ...state, isLoadingNext: true, error: null });
      return pager.load(
        state.nextCursor,
        (page) => store.set((current) => ({ ...current, items: more(current.items, page.items), nextCursor: page.nextCursor, isLoadingNext: false })),
        { isLoadingNext: false },
      );
    },
    stop() {
      generation++;
    },
  };
  return pager;
}
