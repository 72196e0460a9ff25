import type { ReadinessAction } from '@threadline/sdk';

/** The messaging-setup step a user was sent to (`get-sms-number` when the number can't text at all). */
export type SetupStep = NonNullable<ReadinessAction['step']> | 'get-sms-number';

/**
 * Fired when the user asks to fix a number's messaging setup ("Finish 10DLC registration").
 * `tl-inbox` opens its setup panel unless a listener calls `preventDefault()` to route elsewhere.
 */
export class TlSetupRequestEvent extends Event {
  /** The event's name. */
  static readonly eventName = 'tl-setup-request';
  /** Which step to open. */
  readonly step: SetupStep;
  /** The tracking number the user was trying to send from. */
  readonly trackingNumberId: string;

  constructor(step: SetupStep, trackingNumberId: string) {
    super(TlSetupRequestEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.step = step;
    this.trackingNumberId = trackingNumberId;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'tl-setup-request': TlSetupRequestEvent;
  }
}
