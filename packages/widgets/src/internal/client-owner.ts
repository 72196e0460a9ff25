import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { createClient, type ThreadlineClient } from '@threadline/sdk';

/** Where an element's own client comes from: `base-url` plus a token or a token provider. */
export interface ClientOwnerSource {
  baseUrl: string | undefined;
  token: string | undefined;
  tokenProvider: (() => Promise<string> | string) | undefined;
}

/**
 * Creates (and closes) the client of an element configured with `base-url` and `token` (or a
 * token provider). A new client replaces the old one when any of them changes; disconnecting the
 * element closes its live stream.
 */
export class ClientOwner implements ReactiveController {
  /** The client, once `base-url` and a token source are set. */
  client: ThreadlineClient | undefined;
  #key: unknown[] = [];
  #connected = false;
  readonly #host: ReactiveControllerHost;
  readonly #source: () => ClientOwnerSource;

  constructor(host: ReactiveControllerHost, source: () => ClientOwnerSource) {
    this.#host = host;
    this.#source = source;
    host.addController(this);
  }

  hostConnected(): void {
    this.#connected = true;
    this.sync();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.sync();
  }

  /** Re-reads the source; call it when `base-url`, `token` or the provider changed (before rendering). */
  sync(): void {
    const { baseUrl, token, tokenProvider } = this.#source();
    const usable = this.#connected && baseUrl && (token || tokenProvider);
    const key = usable ? [baseUrl, token, tokenProvider] : [];
    if (key.length === this.#key.length && key.every((value, index) => value === this.#key[index])) return;
    this.client?.close();
    this.#key = key;
    this.client = usable
      ? tokenProvider && !token
        ? createClient({ baseUrl: baseUrl!, getToken: tokenProvider })
        : createClient({ baseUrl: baseUrl!, token: token! })
      : undefined;
    this.#host.requestUpdate();
  }
}
