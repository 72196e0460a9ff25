// Every word the widgets show, in one map. White-label agencies replace any of them through a
// component's `strings` property or once for the page through <tl-provider .strings=…>.
// Placeholders in braces ({count}, {name}) are filled by `format`.
import type { setupStrings } from './components/messaging-setup/messaging-setup.strings.ts';

const coreStrings = {
  // Shared
  loading: 'Loading…',
  retry: 'Try again',
  close: 'Close',
  back: 'Back',
  you: 'You',
  unknownError: 'Something went wrong. Please try again.',
  notConnected: 'Not connected: set a client, a <tl-provider>, or base-url and token.',

  // Thread list
  threadListLabel: 'Conversations',
  searchLabel: 'Search conversations',
  searchPlaceholder: 'Search name or number',
  filtersLabel: 'Filters',
  filterTrackingNumber: 'Tracking number',
  filterAllTrackingNumbers: 'All tracking numbers',
  filterCallFlow: 'Call flow',
  filterAllCallFlows: 'All call flows',
  filterFrom: 'From date',
  filterTo: 'To date',
  clearFilters: 'Clear filters',
  threadsEmpty: 'No conversations yet',
  threadsEmptyFiltered: 'No conversations match these filters',
  threadsError: "Couldn't load conversations.",
  loadingMore: 'Loading more conversations…',
  unreadBadge: '{count} unread',
  outboundPreview: 'You: {text}',
  previewPhoto: 'Photo',
  previewAttachment: 'Attachment',

  // Timeline
  timelineLabel: 'Conversation with {name}',
  timelineEmpty: 'No messages or calls yet',
  timelineError: "Couldn't load this conversation.",
  timelineNoThread: 'Select a conversation',
  loadingOlder: 'Loading earlier activity…',
  today: 'Today',
  yesterday: 'Yesterday',
  inboundMessage: 'Received',
  outboundMessage: 'Sent',
  statusQueued: 'Queued',
  statusSending: 'Sending',
  statusSent: 'Sent',
  statusDelivered: 'Delivered',
  statusUndelivered: 'Not delivered',
  statusFailed: 'Failed',
  statusReceived: 'Received',
  failedWithReason: '{status}: {reason}',
  failedReasonWithCode: '{reason} ({code})',
  callInbound: 'Incoming call',
  callOutbound: 'Outgoing call',
  callAnswered: 'Answered call · {duration}',
  callMissed: 'Missed call',
  callVoicemail: 'Voicemail · {duration}',
  callFailed: 'Call failed',
  callBusy: 'Busy',
  callNoAnswer: 'No answer',
  callCanceled: 'Canceled call',
  callRinging: 'Ringing',
  callInProgress: 'Call in progress',
  recording: 'Recording',
  openRecording: 'Open recording',
  enlargeImage: 'Enlarge image {name}',
  download: 'Download {name} ({size})',
  viaNumber: 'via {name}',

  // Composer
  composerLabel: 'Reply',
  newMessageLabel: 'New message',
  fromLabel: 'From',
  toLabel: 'To',
  toPlaceholder: '(813) 555-1234',
  toInvalid: 'Enter a valid US or Canadian phone number.',
  toNormalized: 'Sends to {number}',
  toRequired: 'Enter a recipient.',
  toChecking: 'Checking the number…',
  messageLabel: 'Message',
  messagePlaceholder: 'Type a message',
  messageRequired: 'Enter a message.',
  send: 'Send',
  sending: 'Sending…',
  attach: 'Attach files',
  removeAttachment: 'Remove {name}',
  uploading: 'Uploading {name}',
  uploadFailed: "Couldn't upload {name}: {reason}",
  attachmentsTooMany: 'Up to {max} attachments per message.',
  attachmentsTooLarge: 'Attachments must total {max} or less.',
  attachmentTypeRefused: '{name} is not a supported file type.',
  meter: '{characters} characters · {segments} segments · {encoding}',
  meterSingleSegment: '{characters} characters · 1 segment · {encoding}',
  meterMms: 'MMS · {count} attachments',
  meterMmsSingle: 'MMS · 1 attachment',
  meterCost: 'Cost {cost}',
  unicodeBecause: 'Unicode because of {characters}',
  numberCannotSend: "can't send",
  numbersNotReady: '{count} numbers cannot send',
  numbersNotReadyOne: '1 number cannot send',
  noNumbers: 'This business has no tracking numbers yet.',
  messageTooLong: 'The message is {characters} characters; the limit is {limit}.',
  optedOut: 'This contact replied STOP and will not receive messages. They can text START to opt back in.',
  balanceTooLow: 'Balance {balance} is below the {cost} send cost. Add funds in Billing.',
  addFunds: 'Add funds',
  sendFailed: "Message not sent: {reason}",
  sendShortcutHint: 'Enter to send, Shift+Enter for a new line',

  // Readiness, by state, and the actions that fix it, by kind. By default they show the server's
  // own words (`{message}`, `{label}`), so the widget says exactly what a send would be refused
  // with; override a key to reword one situation (or to translate).
  readiness_not_sms_capable: '{message}',
  readiness_brand_missing: '{message}',
  readiness_brand_pending: '{message}',
  readiness_brand_failed: '{message}',
  readiness_campaign_missing: '{message}',
  readiness_campaign_pending: '{message}',
  readiness_campaign_rejected: '{message}',
  readiness_number_unassigned: '{message}',
  readiness_assignment_pending: '{message}',
  readiness_toll_free_pending: '{message}',
  readiness_toll_free_not_submitted: '{message}',
  readiness_toll_free_rejected: '{message}',
  'action_messaging-setup': '{label}',
  'action_toll-free-verification': '{label}',
  'action_get-sms-number': '{label}',

  // Inbox
  inboxLabel: 'Inbox',
  newMessage: 'New message',
  setupTitle: 'Messaging setup',
  setupLoadError: "Couldn't load messaging setup.",
};

/**
 * The default (English) strings. Keys are stable public API; values may be replaced. The
 * messaging-setup keys (`setup…`) are added when `@threadline/widgets/messaging-setup` loads, so a
 * page that never opens that panel never downloads them.
 */
export const defaultStrings = coreStrings as TlStrings;

/** Adds a lazily loaded element's default strings to `defaultStrings` (they stay overridable). */
export function addDefaultStrings(strings: Partial<TlStrings>): void {
  Object.assign(defaultStrings, strings);
}

/**
 * Every overridable string, by key: the keys above and those of `tl-messaging-setup`
 * (`components/messaging-setup/messaging-setup.strings.ts`), which join `defaultStrings` when
 * that element's module loads.
 */
export type TlStrings = { [K in keyof typeof coreStrings | keyof typeof setupStrings]: string };

/** A partial override of the strings, as hosts pass it. */
export type TlStringOverrides = Partial<TlStrings>;

/**
 * Fills `{name}` placeholders; unknown placeholders stay visible so a typo is noticed, not hidden.
 * @example format('{count} unread', { count: 3 }) // '3 unread'
 */
export function format(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

/** Layers overrides over the defaults: later layers win; undefined values are ignored. */
export function resolveStrings(...layers: Array<TlStringOverrides | undefined | null>): TlStrings {
  const strings: TlStrings = { ...defaultStrings };
  for (const layer of layers) {
    if (!layer) continue;
    for (const [key, value] of Object.entries(layer)) {
      if (typeof value === 'string') (strings as Record<string, string>)[key] = value;
    }
  }
  return strings;
}
