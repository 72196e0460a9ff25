/** What was sent for review: a form, or a number assignment. */
export type SetupSubmitKind = 'brand' | 'campaign' | 'toll-free' | 'assignment';

/**
 * Fired by `tl-messaging-setup` when the server accepted a submission (a brand, a campaign or a
 * toll-free verification sent for review, or numbers sent for assignment). Status changes that
 * follow arrive as live `setup.updated` events on the client.
 */
export class TlSetupSubmitEvent extends Event {
  /** The event's name. */
  static readonly eventName = 'tl-setup-submit';
  /** What was submitted. */
  readonly kind: SetupSubmitKind;
  /** The brand or campaign id, the toll-free tracking number id, or the campaign numbers were assigned to. */
  readonly id: string;
  /** Its status now, e.g. `pending`, `pending_review`. */
  readonly status: string;

  constructor(kind: SetupSubmitKind, id: string, status: string) {
    super(TlSetupSubmitEvent.eventName, { bubbles: true, composed: true });
    this.kind = kind;
    this.id = id;
    this.status = status;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'tl-setup-submit': TlSetupSubmitEvent;
  }
}
