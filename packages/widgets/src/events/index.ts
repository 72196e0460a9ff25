// Every event the widgets fire, one class per event.
export { TlThreadSelectEvent } from './thread-select.ts';
export { TlSendEvent } from './send.ts';
export { TlSendErrorEvent } from './send-error.ts';
export { TlSetupRequestEvent, type SetupStep } from './setup-request.ts';
export { TlBillingRequestEvent } from './billing-request.ts';
export { TlSetupSubmitEvent, type SetupSubmitKind } from './setup-submit.ts';
