import type { ClientEventListener, ClientEventType } from './events.ts';
import type { Http } from './http.ts';

/** What managers and stores get from their client: the transport and live events. */
export interface ClientContext {
  http: Http;
  /** Subscribes to a client event (opening the live stream if needed); returns unsubscribe. */
  on<K extends ClientEventType>(type: K, listener: ClientEventListener<K>): () => void;
}
