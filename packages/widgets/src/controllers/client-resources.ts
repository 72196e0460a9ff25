// Per-client shared data, so that several widgets on one page make one request and hold one live
// subscription for the business's numbers, balance and call flows, and share a thread's timeline
// (the composer's optimistic send shows up in the timeline beside it). Reference-counted: the last
// release drops the subscription, and the next acquire fetches fresh data.
import type { Balance, CallFlow, ThreadlineClient, ThreadlineError, Timeline, TrackingNumber } from '@threadline/sdk';
import { createStore, type ReadableStore, type Store } from '@threadline/sdk';

/** A loaded value with its loading and error state. */
export interface ResourceState<T> {
  value: T | undefined;
  isLoading: boolean;
  error: ThreadlineError | null;
}

/** A held reference to a shared resource. */
export interface ResourceHandle<T> {
  readonly state: ReadableStore<ResourceState<T>>;
  /** Fetches again (e.g. after an error). */
  reload(): void;
  /** Gives the reference back. */
  release(): void;
}

interface Entry<T> {
  store: Store<ResourceState<T>>;
  refs: number;
  reload(): void;
  stop(): void;
}

type Definition<T> = {
  load(client: ThreadlineClient): Promise<T>;
  live?(client: ThreadlineClient, update: (change: (value: T | undefined) => T | undefined) => void): Array<() => void>;
  /** Fetch again after the live stream reconnects, since events may have been missed meanwhile. */
  reloadOnRecovery?: boolean;
};

const registries = new WeakMap<ThreadlineClient, Map<string, Entry<unknown>>>();

function acquire<T>(client: ThreadlineClient, key: string, definition: Definition<T>): ResourceHandle<T> {
  let registry = registries.get(client);
  if (!registry) registries.set(client, (registry = new Map()));
  let entry = registry.get(key) as Entry<T> | undefined;
  if (!entry) {
    const store = createStore<ResourceState<T>>({ value: undefined, isLoading: true, error: null });
    let run = 0;
    const reload = () => {
      const current = ++run;
      store.set((state) => ({ ...state, isLoading: true, error: null }));
      definition.load(client).then(
        (value) => current === run && store.set({ value, isLoading: false, error: null }),
        (error: ThreadlineError) => current === run && store.set((state) => ({ ...state, isLoading: false, error })),
      );
    };
    const stops = definition.live?.(client, (change) => store.set((state) => ({ ...state, value: change(state.value) }))) ?? [];
    if (definition.reloadOnRecovery) stops.push(client.on('connection.recovered', reload));
    const created: Entry<T> = { store, refs: 0, reload, stop: () => { run++; stops.forEach((stop) => stop()); } };
    entry = created;
    registry.set(key, entry as Entry<unknown>);
    reload();
  }
  const held = entry;
  held.refs++;
  let released = false;
  return {
    state: held.store,
    reload: held.reload,
    release() {
      if (released) return;
      released = true;
      if (--held.refs === 0) {
        held.stop();
        registry.delete(key);
      }
    },
  };
}

/** The business's tracking numbers with their readiness, kept current by `number.updated` events (and refetched on reconnect). */
export function acquireNumbers(client: ThreadlineClient): ResourceHandle<TrackingNumber[]> {
  return acquire(client, 'numbers', {
    load: (c) => c.numbers.list(),
    reloadOnRecovery: true,
    live: (c, update) => [
      c.on('number.updated', (number) =>
        update((numbers) => {
          if (!numbers) return numbers;
          const index = numbers.findIndex((item) => item.id === number.id);
          return index === -1 ? [...numbers, number] : numbers.map((item) => (item.id === number.id ? number : item));
        }),
      ),
    ],
  });
}

/** The balance and rates, kept current by `balance.updated` events (and refetched on reconnect). */
export function acquireBalance(client: ThreadlineClient): ResourceHandle<Balance> {
  return acquire(client, 'balance', {
    load: (c) => c.billing.balance(),
    reloadOnRecovery: true,
    live: (c, update) => [c.on('balance.updated', ({ balance, currency }) => update((value) => (value ? { ...value, balance, currency } : value)))],
  });
}

/** The business's call flows (for the thread list's filter). */
export function acquireCallFlows(client: ThreadlineClient): ResourceHandle<CallFlow[]> {
  return acquire(client, 'call-flows', { load: (c) => c.callFlows.list() });
}

const timelines = new WeakMap<ThreadlineClient, Map<string, { timeline: Timeline; refs: number }>>();

/** A held reference to a thread's shared live timeline. */
export interface TimelineHandle {
  readonly timeline: Timeline;
  release(): void;
}

/** The live timeline of a thread, shared by every widget showing or replying to it. */
export function acquireTimeline(client: ThreadlineClient, threadId: string): TimelineHandle {
  let registry = timelines.get(client);
  if (!registry) timelines.set(client, (registry = new Map()));
  let entry = registry.get(threadId);
  if (!entry) registry.set(threadId, (entry = { timeline: client.timeline(threadId), refs: 0 }));
  const held = entry;
  held.refs++;
  let released = false;
  return {
    timeline: held.timeline,
    release() {
      if (released) return;
      released = true;
      if (--held.refs === 0) {
        held.timeline.destroy();
        registry.delete(threadId);
      }
    },
  };
}
