import type { Thread } from '@threadline/sdk';

/** Fired by `tl-thread-list` when the user opens a thread (click, or Enter on the active row). */
export class TlThreadSelectEvent extends Event {
  /** The event's name. */
  static readonly eventName = 'tl-thread-select';
  /** The opened thread's id. */
  readonly threadId: string;
  /** The thread as the list showed it. */
  readonly thread: Thread;

  constructor(thread: Thread) {
    super(TlThreadSelectEvent.eventName, { bubbles: true, composed: true });
    this.threadId = thread.id;
    this.thread = thread;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'tl-thread-select': TlThreadSelectEvent;
  }
}
