// Per-client shared data, so that several widgets on one page make one request and hold one live
// subscription for the business's numbers, balance and call flows, and share a thread's timeline
// (the composer's optimistic send shows up in the timeline beside it). Reference-counted: the last
// release drops the subscription, and the next acquire fetches fresh data.
import type { Balance, CallFlow, ThreadlineClient, ThreadlineError, Timeline, TrackingNumber } from '@threadline/sdk';
import { createStore, type ReadableStore } from '@threadline/sdk';

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

type Definition<T> = {
  load(client: ThreadlineClient): Promise<T>;
  live?(client: ThreadlineClient, update: (change: (value: T | undefined) => T | undefined) => void): Array<() => void>;
  /** Fetch again after the live stream reconnects, since events may have been missed meanwhile. */
  reloadOnRecovery?: boolean;
};

const registries = new WeakMap<ThreadlineClient, Map<string, { value: object; stop(): void; refs: number }>>();

// One instance per client and key, made on first use; the last release stops it.
function share<T extends object>(client: ThreadlineClient, key: string, create: () => [value: T, stop: () => void]): T & { release(): void } {
  let registry = registries.get(client);
  if (!registry) registries.set(client, (registry = new Map()));
  let entry = registry.get(key);
  if (!entry) {
    const [value, stop] = create();
    registry.set(key, (entry = { value, stop, refs: 0 }));
  }
  const held = entry;
  held.refs++;
  let released = false;
  return {
    ...(held.value as T),
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

function acquire<T>(client: ThreadlineClient, key: string, definition: Definition<T>): ResourceHandle<T> {
  return share(client, key, () => {
    const state = createStore<ResourceState<T>>({ value: undefined, isLoading: true, error: null });
    let run = 0;
    const reload = () => {
      const current = ++run;
      state.set((previous) => ({ ...previous, isLoading: true, error: null }));
      definition.load(client).then(
        (value) => current === run && state.set({ value, isLoading: false, error: null }),
        (error: ThreadlineError) => current === run && state.set((previous) => ({ ...previous, isLoading: false, error })),
      );
    };
    const stops = definition.live?.(client, (change) => state.set((previous) => ({ ...previous, value: change(previous.value) }))) ?? [];
    if (definition.reloadOnRecovery) stops.push(client.on('connection.recovered', reload));
    reload();
    return [{ state, reload }, () => {
      run++;
      stops.forEach((stop) => stop());
    }];
  });
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

/** A held reference to a thread's shared live timeline. */
export interface TimelineHandle {
  readonly timeline: Timeline;
  release(): void;
}

/** The live timeline of a thread, shared by every widget showing or replying to it. */
export function acquireTimeline(client: ThreadlineClient, threadId: string): TimelineHandle {
  return share(client, `timeline:${threadId}`, () => {
    const timeline = client.timeline(threadId);
    return [{ timeline }, () => timeline.destroy()];
  });
}
