import type { LiveEvent, LiveEventMap, LiveEventType } from './types.ts';

/** State of the live event stream. */
export type ConnectionState = 'connecting' | 'open' | 'closed';

/** Every event a client emits: the server's live events plus the connection's own. */
export interface ClientEventMap extends LiveEventMap {
  'connection.changed': { state: ConnectionState };
  /** The stream came back after a drop; missed events were replayed from the last id, so stores refetch only to be safe. */
  'connection.recovered': { lastEventId: number | null };
}

/** A client event name. */
export type ClientEventType = keyof ClientEventMap;

/** A listener; live events also get the whole event (with its id) as the second argument. */
export type ClientEventListener<K extends ClientEventType> = (
  data: ClientEventMap[K],
  event: K extends LiveEventType ? LiveEvent<K> : { type: K },
) => void;

/** A typed event emitter: `on` returns its own unsubscribe function. */
export interface Emitter {
  on<K extends ClientEventType>(type: K, listener: ClientEventListener<K>): () => void;
  emit<K extends ClientEventType>(type: K, data: ClientEventMap[K], event?: LiveEvent): void;
}

/** Creates an emitter; a throwing listener is reported (thrown in a microtask) but never stops the others. */
export function createEmitter(): Emitter {
  const listeners = new Map<string, Set<(data: unknown, event: unknown) => void>>();
  return {
    on(type, listener) {
      // Wrap so the same function may be registered twice and removed once each.
      const entry = (data: unknown, event: unknown) => (listener as (d: unknown, e: unknown) => void)(data, event);
      listeners.set(type, (listeners.get(type) ?? new Set()).add(entry));
      return () => void listeners.get(type)!.delete(entry);
    },
    emit(type, data, event) {
      for (const listener of [...(listeners.get(type) ?? [])]) {
        try {
          listener(data, event ?? { type });
        } catch (error) {
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    },
  };
}
