import type { ReactiveControllerHost } from 'lit';
import type { SendResult, ThreadlineClient, Timeline, TimelineEntry, TimelineState } from '@threadline/sdk';
import { ClientBoundController, type ClientSource } from './client-bound.ts';
import { acquireTimeline, type TimelineHandle } from './client-resources.ts';

/** Options of `TimelineController`. */
export interface TimelineControllerOptions {
  client?: ClientSource;
  /** The thread to show; read before each render, so it may change. */
  threadId: () => string | undefined;
  /** Mark the thread read when it opens and when a text arrives while it is open. Default true. */
  markRead?: boolean | (() => boolean);
}

/** A timeline with no thread. */
const emptyState: TimelineState = { items: [], nextCursor: null, isLoading: false, isLoadingNext: false, error: null };

/**
 * One thread's merged history (oldest first), paging backwards, live, with optimistic sends:
 * the logic of `tl-timeline`. The timeline store is shared with a `ComposerController` on the same
 * thread, so a message being sent appears at once.
 * @example
 * timeline = new TimelineController(this, { client, threadId: () => this.threadId });
 * render() { return this.timeline.state.items.map((item) => html`<p>${item.kind}</p>`); }
 */
export class TimelineController extends ClientBoundController {
  /** Items oldest first, the cursor for older items, loading flags and the last error. */
  state: TimelineState = emptyState;
  #threadId: () => string | undefined;
  #markRead: () => boolean;
  #handle: TimelineHandle | undefined;
  #stops: Array<() => void> = [];

  constructor(host: ReactiveControllerHost, options: TimelineControllerOptions) {
    super(host, options.client);
    this.#threadId = options.threadId;
    const markRead = options.markRead ?? true;
    this.#markRead = typeof markRead === 'function' ? markRead : () => markRead;
  }

  /** The shown thread's id. */
  get threadId(): string | undefined {
    return this.#handle?.timeline.threadId;
  }

  /** The SDK store behind this controller. */
  get timeline(): Timeline | undefined {
    return this.#handle?.timeline;
  }

  protected override inputs(): unknown[] {
    return [this.#threadId()];
  }

  protected attach(client: ThreadlineClient): void {
    const threadId = this.#threadId();
    if (!threadId) {
      this.state = emptyState;
      return;
    }
    this.#handle = acquireTimeline(client, threadId);
    this.#stops.push(
      this.#handle.timeline.subscribe((state) => {
        this.state = state;
        this.host.requestUpdate();
      }),
      // Someone is looking at the thread: whatever makes it unread now (a text arriving) is read.
      // Keyed on the thread's own update, not the message, so the order the events arrive in
      // cannot leave a stale unread count behind.
      client.on('thread.updated', (thread) => {
        if (thread.id === threadId && thread.unreadCount > 0 && this.#markRead()) void this.#read(client, threadId);
      }),
    );
    if (this.#markRead()) void this.#read(client, threadId);
  }

  protected detach(): void {
    for (const stop of this.#stops.splice(0)) stop();
    this.#handle?.release();
    this.#handle = undefined;
    this.state = emptyState;
  }

  async #read(client: ThreadlineClient, threadId: string): Promise<void> {
    try {
      // The server answers with thread.updated, which every thread list on the page applies.
      await client.threads.markRead(threadId);
    } catch {
      // A viewer may not be allowed to; unread counts are a convenience, never a reason to fail the view.
    }
  }

  /** Loads older items. */
  loadOlder(): Promise<void> {
    return this.#handle?.timeline.loadNext() ?? Promise.resolve();
  }

  /** Reloads the newest page. */
  refresh(): Promise<void> {
    return this.#handle?.timeline.refresh() ?? Promise.resolve();
  }

  /** Sends a failed message again. */
  retry(key: string): Promise<SendResult> | undefined {
    return this.#handle?.timeline.retry(key);
  }

  /** Drops a failed message. */
  discard(key: string): void {
    this.#handle?.timeline.discard(key);
  }

  /** The newest server item (what a reply goes out from and to). */
  get latest(): TimelineEntry | undefined {
    return this.state.items.findLast((item) => !item.sendState);
  }
}
