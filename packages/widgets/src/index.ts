// @threadline/widgets: importing this module registers every element. The provider is imported
// first: with @lit/context, a consumer upgraded before its provider never receives the value.
import './components/provider/provider.ts';
import './components/thread-list/thread-list.ts';
import './components/timeline/timeline.ts';
import './components/composer/composer.ts';
import './components/inbox/inbox.ts';
import './components/messaging-setup/messaging-setup.ts';

export { TlProvider } from './components/provider/provider.ts';
export { TlThreadList, threadTitle } from './components/thread-list/thread-list.ts';
export { TlTimeline } from './components/timeline/timeline.ts';
export { TlComposer, readinessText, actionText } from './components/composer/composer.ts';
export { TlInbox } from './components/inbox/inbox.ts';
export { TlMessagingSetup } from './components/messaging-setup/messaging-setup.ts';
export { TlElement, type TlTheme } from './internal/tl-element.ts';
export * from './headless.ts';
