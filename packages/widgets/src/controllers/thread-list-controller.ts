import type { ReactiveControllerHost } from 'lit';
import type { CallFlow, Thread, ThreadList, ThreadListQuery, ThreadListState, ThreadlineClient, TrackingNumber } from '@threadline/sdk';
import { ClientBoundController, type ClientSource } from './client-bound.ts';
import { acquireCallFlows, acquireNumbers, type ResourceHandle } from './client-resources.ts';

/** The thread list's filters as a form holds them (empty string = not filtered). */
export interface ThreadListFilters {
  /** Number (any formatting) or saved name. */
  q: string;
  trackingNumberId: string;
  callFlowId: string;
  /** First day with activity, `yyyy-mm-dd` (local time). */
  from: string;
  /** Last day with activity, `yyyy-mm-dd` (local time). */
  to: string;
}

/** No filters. */
export const noFilters: Readonly<ThreadListFilters> = Object.freeze({ q: '', trackingNumberId: '', callFlowId: '', from: '', to: '' });

/** Options of `ThreadListController`. */
export interface ThreadListControllerOptions {
  client?: ClientSource;
  /** Filters to start with. */
  filters?: Partial<ThreadListFilters>;
  /** Threads per page (the server allows 1 to 100); a function is read whenever a list opens. */
  pageSize?: number | (() => number | undefined);
  /** How long typing in the search pauses before the list reloads. Default 250 ms. */
  searchDelayMs?: number;
}

function localDay(day: string, endOfDay: boolean): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  const [, year, month, date] = match.map(Number) as [number, number, number, number];
  // The end of a day is the millisecond before the next one starts.
  return new Date(year, month - 1, date, endOfDay ? 24 : 0, 0, 0, endOfDay ? -1 : 0).toISOString();
}

/** The API query for a set of filters; dates cover whole local days. */
export function toThreadListQuery(filters: ThreadListFilters, pageSize?: number): ThreadListQuery {
  const { trackingNumberId, callFlowId } = filters;
  const query: ThreadListQuery = { q: filters.q.trim(), trackingNumberId, callFlowId, from: localDay(filters.from, false), to: localDay(filters.to, true), limit: pageSize };
  // What is not filtered stays out of the query.
  for (const key of Object.keys(query) as Array<keyof ThreadListQuery>) if (!query[key]) delete query[key];
  return query;
}

/**
 * A live, filterable, paginated list of threads with a keyboard-active row: the logic of
 * `tl-thread-list`, for hosts that render their own rows.
 * @example
 * class MyList extends LitElement {
 *   threads = new ThreadListController(this, { client });
 *   render() { return this.threads.state.items.map((t) => html`<p>${t.contact.name}</p>`); }
 * }
 */
export class ThreadListController extends ClientBoundController {
  /** Items, cursor, loading flags and the last error, straight from the SDK's list store. */
  state: ThreadListState = { items: [], nextCursor: null, isLoading: true, isLoadingNext: false, error: null };
  /** The filters as typed (the search applies after a short pause). */
  filters: ThreadListFilters;
  /** Tracking numbers, for the filter. */
  numbers: TrackingNumber[] = [];
  /** Call flows, for the filter. */
  callFlows: CallFlow[] = [];
  /** The row the keyboard is on (-1: none). */
  activeIndex = -1;

  #pageSize: () => number | undefined;
  #searchDelay: number;
  #applied: ThreadListFilters;
  #searchTimer: ReturnType<typeof setTimeout> | undefined;
  #list: ThreadList | undefined;
  #stops: Array<() => void> = [];

  constructor(host: ReactiveControllerHost, options: ThreadListControllerOptions = {}) {
    super(host, options.client);
    this.filters = { ...noFilters, ...options.filters };
    this.#applied = this.filters;
    const pageSize = options.pageSize;
    this.#pageSize = typeof pageSize === 'function' ? pageSize : () => pageSize;
    this.#searchDelay = options.searchDelayMs ?? 250;
  }

  /** Whether any filter is set. */
  get hasFilters(): boolean {
    return Object.values(this.filters).some((value) => value !== '');
  }

  /** The thread under the keyboard, if any. */
  get activeThread(): Thread | undefined {
    return this.state.items[this.activeIndex];
  }

  protected attach(client: ThreadlineClient): void {
    this.#openList(client);
    // The filter options are shared with other widgets on the page.
    const options = [
      [acquireNumbers(client), 'numbers'],
      [acquireCallFlows(client), 'callFlows'],
    ] as const;
    for (const [resource, field] of options) {
      this.#stops.push(
        resource.state.subscribe(({ value }) => {
          (this as Record<typeof field, unknown>)[field] = value ?? [];
          this.host.requestUpdate();
        }),
        resource.release,
      );
    }
  }

  protected detach(): void {
    this.#closeList();
    for (const stop of this.#stops.splice(0)) stop();
  }

  // The SDK's list store is per query, so new filters mean a new store.
  #openList(client: ThreadlineClient): void {
    this.#closeList();
    const list = (this.#list = client.threads.createThreadList(toThreadListQuery(this.#applied, this.#pageSize())));
    const stop = list.subscribe((state) => {
      this.state = state;
      if (this.activeIndex >= state.items.length) this.activeIndex = state.items.length - 1;
      this.host.requestUpdate();
    });
    this.#closeList = () => {
      this.#closeList = () => {};
      stop();
      list.destroy();
      this.#list = undefined;
    };
  }

  // Stops and drops the open list; a no-op when none is open.
  #closeList = () => {};

  override hostDisconnected(): void {
    clearTimeout(this.#searchTimer);
    super.hostDisconnected();
  }

  /** Changes filters. Other filters apply at once; the search after a pause in typing. */
  setFilters(patch: Partial<ThreadListFilters>): void {
    this.filters = { ...this.filters, ...patch };
    this.host.requestUpdate();
    clearTimeout(this.#searchTimer);
    const onlySearch = Object.keys(patch).every((key) => key === 'q');
    if (onlySearch && this.#searchDelay > 0) {
      this.#searchTimer = setTimeout(() => this.#apply(), this.#searchDelay);
    } else {
      this.#apply();
    }
  }

  /** Removes every filter. */
  clearFilters(): void {
    this.setFilters({ ...noFilters });
  }

  #apply(): void {
    const changed = (Object.keys(this.filters) as Array<keyof ThreadListFilters>).some((key) => this.filters[key] !== this.#applied[key]);
    if (!changed) return;
    this.#applied = { ...this.filters };
    this.activeIndex = -1;
    if (this.client) this.#openList(this.client);
  }

  /** Loads the next page (no-op while loading or at the end). */
  loadNext(): Promise<void> {
    return this.#list?.loadNext() ?? Promise.resolve();
  }

  /** Reloads from the first page. */
  refresh(): Promise<void> {
    return this.#list?.refresh() ?? Promise.resolve();
  }

  /** Clears a thread's unread count (at once, then on the server). */
  markRead(threadId: string): Promise<void> {
    return this.#list?.markRead(threadId) ?? Promise.resolve();
  }

  /** Puts the keyboard on a row (clamped to the loaded rows). */
  setActive(index: number): void {
    const last = this.state.items.length - 1;
    this.activeIndex = last < 0 ? -1 : Math.max(0, Math.min(last, index));
    this.host.requestUpdate();
  }

  /** Moves the keyboard by `delta` rows; past the end it loads the next page. */
  moveActive(delta: number): void {
    this.setActive(this.activeIndex < 0 ? (delta > 0 ? 0 : this.state.items.length - 1) : this.activeIndex + delta);
    if (this.activeIndex >= this.state.items.length - 5) void this.loadNext();
  }
}
