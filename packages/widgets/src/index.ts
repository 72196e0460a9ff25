// @threadline/widgets: importing this module registers every element but <tl-messaging-setup>,
// which lives in '@threadline/widgets/messaging-setup' (most users never open it): <tl-inbox>
// imports it when its setup panel first opens, and a host page showing it alone imports it. The
// provider is imported first: with @lit/context, a consumer upgraded before its provider never
// receives the value.
import './components/provider/provider.ts';
import './components/thread-list/thread-list.ts';
import './components/timeline/timeline.ts';
import './components/composer/composer.ts';
import './components/inbox/inbox.ts';

export { TlProvider } from './components/provider/provider.ts';
export { TlThreadList, threadTitle } from './components/thread-list/thread-list.ts';
export { TlTimeline } from './components/timeline/timeline.ts';
export { TlComposer, readinessText, actionText } from './components/composer/composer.ts';
export { TlInbox } from './components/inbox/inbox.ts';
export type { TlMessagingSetup } from './components/messaging-setup/messaging-setup.ts';
export { TlElement, type TlTheme } from './internal/tl-element.ts';
// The headless API (see headless.ts) but the messaging-setup controller, which comes with its element.
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
export { InboxController, type InboxContact, type InboxControllerOptions, type InboxView } from './controllers/inbox-controller.ts';
export type {
  MessagingSetupStep,
  MessagingSetupControllerOptions,
  SetupFormKind,
  SetupFormValues,
  SetupFormState,
  SetupBusy,
  SetupOutcome,
} from './controllers/messaging-setup-controller.ts';
export { ClientBoundController, resolveClient, type ClientSource } from './controllers/client-bound.ts';
export { acquireNumbers, acquireBalance, acquireCallFlows, acquireTimeline, type ResourceHandle, type ResourceState, type TimelineHandle } from './controllers/client-resources.ts';
export { threadlineContext, type ThreadlineContextValue } from './context.ts';
export { defaultStrings, format, resolveStrings, type TlStrings, type TlStringOverrides } from './strings.ts';
export { formatMoney, formatDuration, formatFileSize, formatRelative, formatDay, formatTime } from './format.ts';
export * from './events/index.ts';
