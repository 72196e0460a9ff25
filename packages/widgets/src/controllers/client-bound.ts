import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ThreadlineClient } from '@threadline/sdk';

/** Where a controller gets its client: the client itself, or a function read before each render. */
export type ClientSource = ThreadlineClient | (() => ThreadlineClient | undefined) | undefined;

/** Reads a client source. */
export function resolveClient(source: ClientSource): ThreadlineClient | undefined {
  return typeof source === 'function' ? source() : source;
}

/**
 * Base of the controllers that hold a live subscription: it attaches once the host is connected
 * and a client (and whatever else `inputs()` names, e.g. a thread id) is known, and re-attaches
 * when any of them changes, so a client arriving later through context just works.
 */
export abstract class ClientBoundController implements ReactiveController {
  /** The element (or any ReactiveControllerHost) this controller renders into. */
  protected readonly host: ReactiveControllerHost;
  #source: ClientSource;
  #attached: unknown[] | undefined;
  #connected = false;

  constructor(host: ReactiveControllerHost, source: ClientSource) {
    this.host = host;
    this.#source = source;
    host.addController(this);
  }

  /** The client the controller is attached to, if any. */
  get client(): ThreadlineClient | undefined {
    return this.#attached?.[0] as ThreadlineClient | undefined;
  }

  /** Replaces the client source (e.g. a headless host that creates its client later). */
  setClient(source: ClientSource): void {
    this.#source = source;
    this.sync();
  }

  /** Values besides the client that, when changed, mean "start over" (e.g. the thread id). */
  protected inputs(): unknown[] {
    return [];
  }

  /** Starts subscriptions for this client. */
  protected abstract attach(client: ThreadlineClient): void;

  /** Stops them. */
  protected abstract detach(): void;

  /** Re-reads the client and inputs; attaches, detaches or re-attaches as needed. */
  protected sync(): void {
    const client = this.#connected ? resolveClient(this.#source) : undefined;
    const next = client ? [client, ...this.inputs()] : undefined;
    const same = next && this.#attached && next.length === this.#attached.length && next.every((value, index) => Object.is(value, this.#attached![index]));
    if (same || (!next && !this.#attached)) return;
    if (this.#attached) this.detach();
    this.#attached = next;
    if (client) this.attach(client);
    this.host.requestUpdate();
  }

  hostConnected(): void {
    this.#connected = true;
    this.sync();
  }

  hostUpdate(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.sync();
  }
}
