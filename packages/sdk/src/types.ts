// The API's shapes: one source for the server (which types its responses with these) and every
// client. Dates are ISO-8601 strings, money is integer cents, phone numbers are E.164 strings.

/** A member's role inside a business. Owner and admin may change messaging setup; viewer only reads. */
export type Role = 'owner' | 'admin' | 'manager' | 'viewer';
export type Country = 'US' | 'CA';
export type NumberType = 'local' | 'toll-free';
export type Direction = 'inbound' | 'outbound';
export type Encoding = 'GSM-7' | 'UCS-2';
export type MessageStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'received';
export type CallStatus =
  | 'ringing'
  | 'in-progress'
  | 'answered'
  | 'missed'
  | 'voicemail'
  | 'failed'
  | 'busy'
  | 'no-answer'
  | 'canceled';

/** Why a tracking number may or may not send now (see DESIGN.md, "Readiness"). */
export type ReadinessState =
  | 'ready'
  | 'toll_free_pending'
  | 'not_sms_capable'
  | 'brand_missing'
  | 'brand_pending'
  | 'brand_failed'
  | 'campaign_missing'
  | 'campaign_pending'
  | 'campaign_rejected'
  | 'number_unassigned'
  | 'assignment_pending'
  | 'toll_free_not_submitted'
  | 'toll_free_rejected';

/** What the user can do about a number that cannot send (or sends with a warning). */
export interface ReadinessAction {
  kind: 'messaging-setup' | 'toll-free-verification' | 'get-sms-number';
  /** Button text, e.g. "Finish 10DLC registration". */
  label: string;
  /** The messaging-setup step to open. */
  step?: 'brand' | 'campaign' | 'assign' | 'toll-free';
}

export interface Readiness {
  canSend: boolean;
  state: ReadinessState;
  /** Guidance for the user; null when ready without caveats. */
  message: string | null;
  action: ReadinessAction | null;
}

export interface CallFlow {
  id: string;
  name: string;
}

export interface TrackingNumber {
  id: string;
  e164: string;
  friendlyName: string;
  country: Country;
  type: NumberType;
  smsCapable: boolean;
  callFlow: CallFlow | null;
  readiness: Readiness;
}

/** The short form of a tracking number inside thread rows and timeline items. */
export interface TrackingNumberRef {
  id: string;
  e164: string;
  friendlyName: string;
}

export interface Contact {
  id: string;
  e164: string;
  name: string | null;
  optedOut: boolean;
  optedOutAt: string | null;
}

export interface ThreadPreview {
  kind: 'sms' | 'mms' | 'call';
  direction: Direction;
  /** Message text, or a call outcome such as "Missed call" or "Voicemail 0:42". */
  text: string;
}

export interface Thread {
  id: string;
  contact: Contact;
  preview: ThreadPreview;
  lastActivityAt: string;
  unreadCount: number;
  trackingNumbers: TrackingNumberRef[];
}

export interface Media {
  id: string;
  contentType: string;
  filename: string;
  size: number;
  /** Served by the Threadline server at an unguessable URL; no carrier credentials needed. */
  url: string;
}

export interface Message {
  kind: 'message';
  id: string;
  threadId: string;
  direction: Direction;
  trackingNumber: TrackingNumberRef;
  from: string;
  to: string;
  body: string;
  encoding: Encoding;
  segments: number;
  status: MessageStatus;
  errorCode: string | null;
  /** The carrier's error in words, e.g. "Carrier filtered as spam". */
  errorMessage: string | null;
  cost: number;
  media: Media[];
  senderUserId: string | null;
  occurredAt: string;
  updatedAt: string;
}

export interface Recording {
  url: string;
  durationSeconds: number | null;
}

export interface Call {
  kind: 'call';
  id: string;
  threadId: string;
  direction: Direction;
  trackingNumber: TrackingNumberRef;
  from: string;
  to: string;
  status: CallStatus;
  durationSeconds: number;
  recording: Recording | null;
  occurredAt: string;
  updatedAt: string;
}

export type TimelineItem = Message | Call;

/** A cursor page. `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ThreadListQuery {
  q?: string;
  trackingNumberId?: string;
  callFlowId?: string;
  /** ISO date-time: only threads with activity at or after it. */
  from?: string;
  /** ISO date-time: only threads with activity at or before it. */
  to?: string;
  cursor?: string;
  limit?: number;
}

export interface SendMessageInput {
  /** Tracking number id or its E.164 number. */
  from: string;
  /** Recipient, E.164 (the server also accepts national US/CA formats). */
  to: string;
  body: string;
  mediaIds?: string[];
}

export interface Rates {
  smsOutbound: number;
  smsInbound: number;
  mmsOutbound: number;
  mmsInbound: number;
}

export interface Quote {
  encoding: Encoding;
  segments: number;
  characters: number;
  /** The characters that forced UCS-2, in order of first appearance. */
  unicodeCharacters: string[];
  cost: number;
  balance: number;
  currency: string;
  readiness: Readiness;
  recipient: { e164: string; optedOut: boolean };
  /** Whether a send with this input would be accepted now. */
  canSend: boolean;
  /** The refusal a send would get, with the same code and message. */
  refusal: { code: string; message: string; details?: Record<string, unknown> } | null;
}

export interface Balance {
  balance: number;
  currency: string;
  rates: Rates;
}

export interface LedgerEntry {
  id: string;
  amount: number;
  balanceAfter: number;
  kind: 'top-up' | 'charge' | 'refund' | 'inbound';
  description: string;
  messageId: string | null;
  createdAt: string;
}

export interface EmbedTokenInput {
  businessId: string;
  userId: string;
  role: Role;
  /** Lifetime in seconds (60 to 86,400; default 3,600). */
  ttlSeconds?: number;
}

export interface EmbedToken {
  token: string;
  expiresAt: string;
}

/** The signed-in user, as the token says. */
export interface Me {
  businessId: string;
  businessName: string;
  userId: string;
  role: Role;
}

/** Live events and their data. */
export interface LiveEventMap {
  'message.created': Message;
  'message.updated': Message;
  'call.created': Call;
  'call.updated': Call;
  'thread.updated': Thread;
  'number.updated': TrackingNumber;
  'balance.updated': { balance: number; currency: string };
  'setup.updated': { kind: 'brand' | 'campaign' | 'assignment' | 'toll-free'; id: string; status: string };
}

export type LiveEventType = keyof LiveEventMap;

export interface LiveEvent<T extends LiveEventType = LiveEventType> {
  id: number;
  type: T;
  data: LiveEventMap[T];
}

/** The body of every API error. */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

/** Stable refusal and error codes. */
export type ErrorCode =
  | 'invalid_request'
  | 'unauthorized'
  | 'token_expired'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'number_not_ready'
  | 'recipient_opted_out'
  | 'insufficient_balance'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'invalid_signature';
