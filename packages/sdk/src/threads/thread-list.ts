import type { ClientContext } from '../context.ts';
import { asThreadlineError } from '../errors.ts';
import { chronological, createPager, newById, place, type PagedState } from '../pagination.ts';
import { readonly, type ReadableStore } from '../store.ts';
import type { Thread, ThreadListQuery } from '../types.ts';

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
  return chronological(b.lastActivityAt, b.id, a.lastActivityAt, a.id);
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
const placeThread = (items: Thread[], thread: Thread) => place(items, thread, compareThreads, (item) => item.id === thread.id);

/**
 * Creates a thread list and loads its first page. Live `thread.updated` events move threads to the
 * top (or in and out of a filtered list); after a reconnect the first page is fetched again.
 * @example
 * const list = client.threads.createThreadList({ trackingNumberId });
 * list.subscribe(({ items, isLoading, error }) => render(items));
 * list.loadNext();
 */
export function createThreadList(context: ClientContext, query: ThreadListQuery = {}): ThreadList {
  const { cursor: _ignored, ...baseQuery } = query;
  let mergeTimer: ReturnType<typeof setTimeout> | undefined;
  const pager = createPager<Thread, Thread>(
    (cursor) => context.http.request('GET', '/v1/threads', { query: { ...baseQuery, cursor } }),
    (_state, items) => newById([], items),
    // A thread that moved up live may show up again on a later page: keep the copy we have.
    (items, page) => [...items, ...newById(items, page)],
  );
  const { store } = pager;

  // Brings in the first page without losing what is loaded below it; if nothing overlaps, the
  // loaded pages may have a hole, so the list starts over from this page.
  const mergeFirstPage = () =>
    pager.load(undefined, (page) =>
      store.set((state) => {
        const overlap = page.items.some((thread) => state.items.some((item) => item.id === thread.id));
        if (!overlap && page.nextCursor) return { ...state, items: page.items, nextCursor: page.nextCursor, error: null };
        return { ...state, items: page.items.reduce(placeThread, state.items), error: null };
      }),
    );

  function scheduleMerge() {
    clearTimeout(mergeTimer);
    mergeTimer = setTimeout(() => void mergeFirstPage(), 300);
  }

  function onThread(thread: Thread) {
    const fits = matches(thread, query);
    const state = store.get();
    const present = state.items.some((item) => item.id === thread.id);
    const last = state.items.at(-1);
    if (!present && fits === undefined) return scheduleMerge();
    // Below the last loaded row while more pages exist, a new thread belongs to a page not loaded yet.
    if (!present && (fits === false || (state.nextCursor && last && compareThreads(thread, last) > 0))) return;
    store.set({ ...state, items: fits === false ? state.items.filter((item) => item.id !== thread.id) : placeThread(state.items, thread) });
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

  void pager.refresh();
  return {
    ...readonly(store),
    query,
    loadNext: pager.loadNext,
    refresh: pager.refresh,
    markRead,
    destroy() {
      pager.stop();
      clearTimeout(mergeTimer);
      for (const unsubscribe of unsubscribers) unsubscribe();
    },
  };
}
