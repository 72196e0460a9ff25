import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Thread } from '@threadline/sdk';
import type { SetupStep } from '../events/setup-request.ts';

/** What the inbox's main pane shows. `list` means nothing is open (on narrow screens: the list). */
export type InboxView = 'list' | 'thread' | 'new' | 'setup';

/**
 * The inbox's navigation: which thread is open, a new message, or the messaging-setup panel, and
 * going back. The panes themselves are `tl-thread-list`, `tl-timeline` and `tl-composer`.
 * @example
 * inbox = new InboxController(this);
 * // @tl-thread-select=${(e) => inbox.openThread(e.thread)}
 */
export class InboxController implements ReactiveController {
  view: InboxView = 'list';
  /** The open thread (kept while a new message or setup covers it, for going back). */
  thread: Thread | undefined;
  threadId: string | undefined;
  /** The setup step asked for, with the number it concerns. */
  setup: { step: SetupStep; trackingNumberId: string } | undefined;
  #previous: InboxView = 'list';
  readonly #host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {}

  /** Opens a thread (from the list, or after a new message created one). */
  openThread(thread: Thread | { id: string }): void {
    this.threadId = thread.id;
    this.thread = 'contact' in thread ? thread : this.thread?.id === thread.id ? this.thread : undefined;
    this.#go('thread');
  }

  /** Keeps the open thread's row current (unread, opt-out) as the list updates. */
  updateThread(thread: Thread): void {
    if (thread.id !== this.threadId) return;
    this.thread = thread;
    this.#host.requestUpdate();
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
    }
    this.#host.requestUpdate();
  }

  #go(view: InboxView): void {
    if (view !== this.view) this.#previous = this.view;
    this.view = view;
    this.#host.requestUpdate();
  }
}
