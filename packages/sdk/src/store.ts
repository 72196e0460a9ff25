/** A value that can be read and watched. */
export interface ReadableStore<T> {
  get(): T;
  /** Calls `listener` now with the current value and after every change; returns an unsubscribe function. */
  subscribe(listener: (value: T) => void): () => void;
  /**
   * Calls `listener` now with the selected part, then only when that part changes (Object.is), so a
   * view re-renders only for what it shows.
   */
  select<S>(selector: (value: T) => S, listener: (selected: S) => void): () => void;
}

/** A store its owner can write. */
export interface Store<T> extends ReadableStore<T> {
  /** Replaces the value, or derives it from the current one. Listeners run only if it changed. */
  set(next: T | ((current: T) => T)): void;
}

/**
 * A tiny observable value.
 * @example
 * const count = createStore(0);
 * const stop = count.subscribe((n) => console.log(n)); // logs 0
 * count.set((n) => n + 1); // logs 1
 * stop();
 */
export function createStore<T>(initial: T): Store<T> {
  let value = initial;
  const listeners = new Set<(value: T) => void>();
  const store: Store<T> = {
    get: () => value,
    set(next) {
      const nextValue = typeof next === 'function' ? (next as (current: T) => T)(value) : next;
      if (Object.is(nextValue, value)) return;
      value = nextValue;
      // A copy, so a listener that unsubscribes (or subscribes) during the loop is safe.
      for (const listener of [...listeners]) listener(value);
    },
    subscribe(listener) {
      listeners.add(listener);
      listener(value);
      return () => listeners.delete(listener);
    },
    select(selector, listener) {
      // Starts as something no selector can return (the private listener set), so the first call passes.
      let selected: unknown = listeners;
      return store.subscribe((current) => {
        const next = selector(current);
        if (!Object.is(next, selected)) listener((selected = next));
      });
    },
  };
  return store;
}

/** The read-only face of a store, for handing out state its owner alone writes. */
export function readonly<T>(store: ReadableStore<T>): ReadableStore<T> {
  return { get: store.get, subscribe: store.subscribe, select: store.select };
}
