/** Fired when the user presses "Add funds" after a balance refusal; hosts route it to their billing page. */
export class TlBillingRequestEvent extends Event {
  /** The event's name. */
  static readonly eventName = 'tl-billing-request';
  /** The balance, in minor units, when the user asked. */
  readonly balance: number;
  /** What the refused message would have cost, in minor units. */
  readonly cost: number;

  constructor(balance: number, cost: number) {
    super(TlBillingRequestEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.balance = balance;
    this.cost = cost;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'tl-billing-request': TlBillingRequestEvent;
  }
}
