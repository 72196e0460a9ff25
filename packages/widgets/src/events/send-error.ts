/** Fired by `tl-composer` when a send was refused or failed; the typed text stays in the composer. */
export class TlSendErrorEvent extends Event {
  /** The event's name. */
  static readonly eventName = 'tl-send-error';
  /** The API error code (e.g. `insufficient_balance`), or `network` when the server was not reached. */
  readonly code: string;
  /** What the user was told. */
  readonly message: string;

  constructor(code: string, message: string) {
    super(TlSendErrorEvent.eventName, { bubbles: true, composed: true });
    this.code = code;
    this.message = message;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'tl-send-error': TlSendErrorEvent;
  }
}
