import type { Message } from '@threadline/sdk';

/** Fired by `tl-composer` once the server accepted a message (status `queued`). */
export class TlSendEvent extends Event {
  /** The event's name. */
  static readonly eventName = 'tl-send';
  /** The accepted message; its `threadId` is the (possibly new) thread. */
  readonly message: Message;

  constructor(message: Message) {
    super(TlSendEvent.eventName, { bubbles: true, composed: true });
    this.message = message;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'tl-send': TlSendEvent;
  }
}
