// @threadline/widgets/headless: the widgets' logic without their markup. Nothing here registers a
// custom element, so a host can build its own UI on the same behaviour (and the same client).
export { ThreadListController, toThreadListQuery, noFilters, type ThreadListFilters, type ThreadListControllerOptions } from './controllers/thread-list-controller.ts';
export { TimelineController, type TimelineControllerOptions } from './controllers/timeline-controller.ts';
export {
  ComposerController,
  MMS_LIMITS,
  MAX_BODY_CHARACTERS,
  ATTACHMENT_TYPES,
  type Attachment,
  type Refusal,
  type Recipient,
  type Meter,
  type ComposerControllerOptions,
} from './controllers/composer-controller.ts';
export { draftKey, readDraft, writeDraft, loadSessionDrafts, type Draft, type DraftStorage } from './controllers/composer-drafts.ts';
export { InboxController, type InboxContact, type InboxControllerOptions, type InboxView } from './controllers/inbox-controller.ts';
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
export { ClientBoundController, resolveClient, type ClientSource } from './controllers/client-bound.ts';
export { acquireNumbers, acquireBalance, acquireCallFlows, acquireTimeline, type ResourceHandle, type ResourceState, type TimelineHandle } from './controllers/client-resources.ts';
export { threadlineContext, type ThreadlineContextValue } from './context.ts';
export { defaultStrings, format, resolveStrings, type TlStrings, type TlStringOverrides } from './strings.ts';
export { formatMoney, formatDuration, formatFileSize, formatRelative, formatDay, formatTime } from './format.ts';
export * from './events/index.ts';
