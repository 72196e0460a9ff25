import type { ClientContext } from '../context.ts';
import { asThreadlineError, emptyPage, newById, type PagedState } from '../pagination.ts';
import { createStore, readonly, type ReadableStore } from '../store.ts';
import type { Page, Thread, ThreadListQuery } from '../types.ts';

/** The state of a thread list. */
export type ThreadListState = PagedState<Thread>;

/** A live, paginated list of threads, newest activity first. Its methods never reject: failures land in `error`. */
export interface ThreadList extends ReadableStore<ThreadListState> {
  readonly query: ThreadListQuery;
  /** Appends the next page; does nothing while loading or at the end. */
  loadNext(): Promise<void>;
  /** Reloads from the first page. */
  refresh(): Promise<void>;
  /** Clears a thread's unread count at once and tells the server; restored if the server refuses. */
  markRead(threadId: string): Promise<void>;
  /** Stops listening to live events. */
  destroy(): void;
}

/** Newest activity first; the id breaks ties so the order is total. */
export function compareThreads(a: Thread, b: Thread): number {
  const byTime = Date.parse(b.lastActivityAt) - Date.parse(a.lastActivityAt);
  return byTime !== 0 ? byTime : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

// Whether a changed thread belongs in this list: true/false where the client can tell, undefined
// where only the server can (text search, call flow), and the list asks it.
function matches(thread: Thread, query: ThreadListQuery): boolean | undefined {
  const at = Date.parse(thread.lastActivityAt);
  if (query.from && at < Date.parse(query.from)) return false;
  if (query.to && at > Date.parse(query.to)) return false;
  if (query.trackingNumberId && !thread.trackingNumbers.some((number) => number.id === query.trackingNumberId)) return false;
  if (query.q || query.callFlowId) return undefined;
  return true;
}

/** Inserts `thread` at its sorted place, replacing any older copy. */
function place(items: Thread[], thread: Thread): Thread[] {
  const rest = items.filter((item) => item.id !== thread.id);
  const index = rest.findIndex((item) => compareThreads(thread, item) < 0);
  rest.splice(index === -1 ? rest.length : index, 0, thread);
  return rest;
}

/**
 * Creates a thread list and loads its first page. Live `thread.updated` events move threads to the
 * top (or in and out of a filtered list); after a reconnect the first page is fetched again.
 * @example
 * const list = client.threads.createThreadList({ trackingNumberId });
 * list.subscribe(({ items, isLoading, error }) => render(items));
 * list.loadNext();
 */
export function createThreadList(context: ClientContext, query: ThreadListQuery = {}): ThreadList {
  const store = createStore<ThreadListState>(emptyPage());
  const { cursor: _ignored, ...baseQuery } = query;
  let generation = 0;
  let mergeTimer: ReturnType<typeof setTimeout> | undefined;

  const fetchPage = (cursor?: string | null) =>
    context.http.request<Page<Thread>>('GET', '/v1/threads', { query: { ...baseQuery, cursor: cursor ?? undefined } });

  async function refresh() {
    const run = ++generation;
    store.set((state) => ({ ...state, isLoading: true, isLoadingNext: false, error: null }));
    try {
      const page = await fetchPage();
      if (run !== generation) return;
      store.set({ ...emptyPage(), items: newById([], page.items), nextCursor: page.nextCursor });
    } catch (error) {
      if (run !== generation) return;
      store.set((state) => ({ ...state, isLoading: false, error: asThreadlineError(error) }));
    }
  }

  async function loadNext() {
    const state = store.get();
    if (!state.nextCursor || state.isLoading || state.isLoadingNext) return;
    const run = generation;
    store.set({ ...state, isLoadingNext: true, error: null });
    try {
      const page = await fetchPage(state.nextCursor);
      if (run !== generation) return;
      // A thread that moved up live may show up again on a later page: keep the copy we have.
      store.set((current) => ({
        ...current,
        items: [...current.items, ...newById(current.items, page.items)],
        nextCursor: page.nextCursor,
        isLoadingNext: false,
      }));
    } catch (error) {
      if (run !== generation) return;
      store.set((current) => ({ ...current, isLoadingNext: false, error: asThreadlineError(error) }));
    }
  }

  // Brings in the first page without losing what is loaded below it; if nothing overlaps, the
  // loaded pages may have a hole, so the list starts over from this page.
  async function mergeFirstPage() {
    const run = generation;
    try {
      const page = await fetchPage();
      if (run !== generation) return;
      store.set((state) => {
        const overlap = page.items.some((thread) => state.items.some((item) => item.id === thread.id));
        if (!overlap && page.nextCursor) return { ...state, items: page.items, nextCursor: page.nextCursor, error: null };
        let items = state.items;
        for (const thread of page.items) items = place(items, thread);
        return { ...state, items, error: null };
      });
    } catch (error) {
      if (run === generation) store.set((state) => ({ ...state, error: asThreadlineError(error) }));
    }
  }

  function scheduleMerge() {
    clearTimeout(mergeTimer);
    mergeTimer = setTimeout(() => void mergeFirstPage(), 300);
  }

  function onThread(thread: Thread) {
    const fits = matches(thread, query);
    const state = store.get();
    const present = state.items.some((item) => item.id === thread.id);
    if (fits === false) {
      if (present) store.set({ ...state, items: state.items.filter((item) => item.id !== thread.id) });
    } else if (present) {
      store.set({ ...state, items: place(state.items, thread) });
    } else if (fits === undefined) {
      scheduleMerge();
    } else {
      const last = state.items[state.items.length - 1];
      // Below the last loaded row while more pages exist: it belongs to a page not loaded yet.
      if (state.nextCursor && last && compareThreads(thread, last) > 0) return;
      store.set({ ...state, items: place(state.items, thread) });
    }
  }

  const unsubscribers = [
    context.on('thread.updated', onThread),
    context.on('connection.recovered', () => void mergeFirstPage()),
  ];

  async function markRead(threadId: string) {
    const before = store.get().items.find((item) => item.id === threadId);
    if (before) store.set((state) => ({ ...state, items: state.items.map((item) => (item.id === threadId ? { ...item, unreadCount: 0 } : item)) }));
    try {
      onThread(await context.http.request<Thread>('POST', `/v1/threads/${encodeURIComponent(threadId)}/read`));
    } catch (error) {
      store.set((state) => ({
        ...state,
        items: state.items.map((item) =>
          before && item.id === threadId && item.unreadCount === 0 ? { ...item, unreadCount: before.unreadCount } : item,
        ),
        error: asThreadlineError(error),
      }));
    }
  }

  void refresh();
  return {
    ...readonly(store),
    query,
    loadNext,
    refresh,
    markRead,
    destroy() {
      generation++;
      clearTimeout(mergeTimer);
      for (const unsubscribe of unsubscribers) unsubscribe();
    },
  };
}
