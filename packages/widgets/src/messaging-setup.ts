// @threadline/widgets/messaging-setup: registers <tl-messaging-setup>, the 10DLC and toll-free
// registration panel. Kept out of the main entry because most users never open it: <tl-inbox>
// imports this module when its setup panel first opens, and a host page that shows the panel on
// its own imports it (or loads dist/threadline-messaging-setup.js).
import './components/provider/provider.ts';
import './components/messaging-setup/messaging-setup.ts';

export { TlMessagingSetup } from './components/messaging-setup/messaging-setup.ts';
export {
  MessagingSetupController,
  MESSAGING_SETUP_STEPS,
  BRAND_FIELDS,
  CAMPAIGN_FIELDS,
  TOLL_FREE_FIELDS,
  type MessagingSetupStep,
  type MessagingSetupControllerOptions,
  type SetupFormKind,
  type SetupFormValues,
  type SetupFormState,
  type SetupBusy,
  type SetupOutcome,
} from './controllers/messaging-setup-controller.ts';
