import type { ReactiveControllerHost } from 'lit';
import type { Contact, Thread, ThreadlineClient } from '@threadline/sdk';
import type { SetupStep } from '../events/setup-request.ts';
import { ClientBoundController, type ClientSource } from './client-bound.ts';
import { acquireTimeline } from './client-resources.ts';

/** What the inbox's main pane shows. `list` means nothing is open (on narrow screens: the list). */
export type InboxView = 'list' | 'thread' | 'new' | 'setup';

/**
 * Who a thread is with, as far as the inbox knows it (the number at least). `display` is the
 * number as the server formats it for people (the E.164 number is shown when it is missing).
 */
export type InboxContact = Pick<Contact, 'e164'> & { display?: string; name?: string | null };

/** Options of `InboxController`. */
export interface InboxControllerOptions {
  /** The client, to name a thread opened by id alone (live thread updates, its timeline). */
  client?: ClientSource;
}

/**
 * The inbox's navigation: which thread is open, a new message, or the messaging-setup panel, and
 * going back. The panes themselves are `tl-thread-list`, `tl-timeline` and `tl-composer`.
 * @example
 * inbox = new InboxController(this);
 * // @tl-thread-select=${(e) => inbox.openThread(e.thread)}
 */
export class InboxController extends ClientBoundController {
  view: InboxView = 'list';
  /** The open thread (kept while a new message or setup covers it, for going back). */
  thread: Thread | undefined;
  threadId: string | undefined;
  /** The setup step asked for, with the number it concerns. */
  setup: { step: SetupStep; trackingNumberId: string } | undefined;
  #previous: InboxView = 'list';
  // Who the open thread is with when the full thread is not known yet (opened by id, or just
  // created by a new message): from the caller, else from the thread's own timeline.
  #contactHint: InboxContact | undefined;
  #stops: Array<() => void> = [];

  constructor(host: ReactiveControllerHost, options: InboxControllerOptions = {}) {
    super(host, options.client);
  }

  protected override inputs(): unknown[] {
    return [this.threadId];
  }

  protected attach(client: ThreadlineClient): void {
    // A rename, opt-out or read elsewhere arrives as a thread update; so does the open thread in
    // full, soon after a send or a mark-read, when it was opened by id alone.
    this.#stops.push(client.on('thread.updated', (thread) => this.updateThread(thread)));
    const threadId = this.threadId;
    if (!threadId || this.thread?.id === threadId) return;
    // The SDK has no "get one thread": its timeline (shared with the tl-timeline showing it, so no
    // second request) names the other party of every text and call.
    const handle = acquireTimeline(client, threadId);
    this.#stops.push(
      handle.timeline.subscribe(({ items }) => {
        const item = items.find((entry) => !entry.sendState);
        if (!item || this.#contactHint) return;
        const inbound = item.direction === 'inbound';
        this.#contactHint = { e164: inbound ? item.from : item.to, display: inbound ? item.fromDisplay : item.toDisplay, name: null };
        this.host.requestUpdate();
      }),
      () => handle.release(),
    );
  }

  protected detach(): void {
    for (const stop of this.#stops.splice(0)) stop();
  }

  /** Who the open thread is with: the thread's contact, else what is known so far (its number). */
  get contact(): InboxContact | undefined {
    if (this.thread && this.thread.id === this.threadId) return this.thread.contact;
    return this.#contactHint;
  }

  /**
   * Opens a thread: from the list (the whole thread), or by id, optionally with its contact as
   * far as the caller knows it (a new message's recipient).
   */
  openThread(thread: Thread | { id: string; contact?: InboxContact }): void {
    if (thread.id !== this.threadId) this.#contactHint = undefined;
    this.threadId = thread.id;
    if ('lastActivityAt' in thread) {
      this.thread = thread;
    } else {
      if (this.thread?.id !== thread.id) this.thread = undefined;
      if (thread.contact) this.#contactHint = thread.contact;
    }
    this.#go('thread');
  }

  /** Keeps the open thread current (name, unread, opt-out) as updates arrive. */
  updateThread(thread: Thread): void {
    if (thread.id !== this.threadId) return;
    this.thread = thread;
    this.host.requestUpdate();
  }

  /** Starts a new message. */
  compose(): void {
    this.#go('new');
  }

  /** Shows the messaging-setup panel for a step. */
  openSetup(step: SetupStep, trackingNumberId: string): void {
    this.setup = { step, trackingNumberId };
    this.#go('setup');
  }

  /** Goes back: from setup to where the user was, otherwise to the list. */
  back(): void {
    const target = this.view === 'setup' ? this.#previous : 'list';
    this.view = target === 'setup' ? 'list' : target;
    if (this.view === 'list') {
      this.threadId = undefined;
      this.thread = undefined;
      this.#contactHint = undefined;
    }
    this.host.requestUpdate();
  }

  #go(view: InboxView): void {
    if (view !== this.view) this.#previous = this.view;
    this.view = view;
    this.host.requestUpdate();
  }
}
