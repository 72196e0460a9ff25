// The API's shapes: one source for the server (which types its responses with these) and every
// client. Dates are ISO-8601 strings, money is integer cents, phone numbers are E.164 strings.
// Each E.164 number the widgets show comes with its display form, formatted by the server (the
// authority on numbers), so a browser needs no phone library: `display` beside `e164`, and
// `fromDisplay` / `toDisplay` beside `from` / `to`. +1 numbers read nationally, "(813) 555-1234".

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
  /** The number for people to read, e.g. "(813) 555-0100". */
  display: string;
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
  /** The number for people to read, e.g. "(813) 555-0100". */
  display: string;
  friendlyName: string;
}

export interface Contact {
  id: string;
  e164: string;
  /** The number for people to read, e.g. "(813) 555-1234". */
  display: string;
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
  /** `from` for people to read. */
  fromDisplay: string;
  to: string;
  /** `to` for people to read. */
  toDisplay: string;
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
  /** `from` for people to read. */
  fromDisplay: string;
  to: string;
  /** `to` for people to read. */
  toDisplay: string;
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

// ---------------------------------------------------------------------------------------------
// Messaging setup (issue 5): 10DLC brand, campaign and number assignment, toll-free verification.
// Field limits and the per-field checks the server and the widget share are in ./setup/limits.ts.
// ---------------------------------------------------------------------------------------------
import type {
  BUSINESS_TYPES,
  CAMPAIGN_USE_CASES,
  INDUSTRIES,
  MONTHLY_VOLUMES,
  OPT_IN_TYPES,
  STOCK_EXCHANGES,
  TOLL_FREE_USE_CASE_CATEGORIES,
} from './setup/limits.ts';

/** Kind of business a 10DLC brand is. */
export type BusinessType = (typeof BUSINESS_TYPES)[number];
/** Industry code (Twilio Trust Hub's). */
export type Industry = (typeof INDUSTRIES)[number];
/** Stock exchange code of a public company. */
export type StockExchange = (typeof STOCK_EXCHANGES)[number];
/** A standard US A2P campaign use case (The Campaign Registry's code). */
export type CampaignUseCase = keyof typeof CAMPAIGN_USE_CASES;
/** A toll-free verification use case category (Twilio's code). */
export type TollFreeUseCaseCategory = keyof typeof TOLL_FREE_USE_CASE_CATEGORIES;
/** How recipients of a toll-free number opt in. */
export type OptInType = (typeof OPT_IN_TYPES)[number];
/** Twilio's bucket of expected monthly toll-free volume, e.g. "1,000". */
export type MonthlyVolume = (typeof MONTHLY_VOLUMES)[number];

/** Where a 10DLC brand registration stands. */
export type BrandStatus = 'draft' | 'pending' | 'verified' | 'failed';
/** Where a 10DLC campaign stands. */
export type CampaignStatus = 'draft' | 'pending' | 'approved' | 'rejected';
/** A US local number's place in a campaign. */
export type AssignmentStatus = 'unassigned' | 'pending' | 'assigned' | 'failed';
/** Where a toll-free verification stands. */
export type TollFreeStatus = 'not_submitted' | 'pending_review' | 'in_review' | 'approved' | 'rejected';

/** A business address (US or Canada). */
export interface SetupAddress {
  street: string;
  city: string;
  /** State or province. */
  region: string;
  postalCode: string;
  country: Country;
}

/** The person the carrier contacts about the registration. */
export interface BusinessContact {
  firstName: string;
  lastName: string;
  email: string;
  /** E.164 (the server accepts national formats and stores E.164). */
  phone: string;
}

/** The 10DLC brand form. Stock exchange and symbol are required for public companies only. */
export interface BrandInput {
  legalName: string;
  businessType: BusinessType;
  /** EIN ("12-3456789") for US, 9-digit business number for Canada. Optional for sole proprietors. */
  taxId?: string | null;
  taxIdCountry: Country;
  industry: Industry;
  website: string;
  address: SetupAddress;
  contact: BusinessContact;
  stockExchange?: StockExchange | null;
  stockSymbol?: string | null;
}

/** A brand form being filled in: any field may be missing, every given field is valid. */
export type BrandDraft = Partial<Omit<BrandInput, 'address' | 'contact'>> & {
  address?: Partial<SetupAddress>;
  contact?: Partial<BusinessContact>;
};

/** The business's 10DLC brand registration. */
export interface Brand {
  id: string;
  status: BrandStatus;
  /** Why verification failed (status "failed"). */
  failureReason: string | null;
  form: BrandDraft;
  /** Whether the form may be changed now: drafts and failed brands only. */
  editable: boolean;
  submittedBy: string | null;
  submittedAt: string | null;
  updatedAt: string;
}

/** The 10DLC campaign form. */
export interface CampaignInput {
  useCase: CampaignUseCase;
  /** 40 to 4,096 characters. */
  description: string;
  /** How people opt in: 40 to 2,048 characters. */
  messageFlow: string;
  /** 2 to 5 samples of 20 to 1,024 characters. */
  samples: string[];
  hasLinks: boolean;
  hasPhoneNumbers: boolean;
  /** May be empty when people opt in another way than texting a keyword. */
  optInKeywords: string[];
  optInMessage: string;
  optOutKeywords: string[];
  optOutMessage: string;
  helpKeywords: string[];
  helpMessage: string;
  ageGated: boolean;
  directLending: boolean;
}

/** A campaign form being filled in. */
export type CampaignDraft = Partial<CampaignInput>;

/** A 10DLC campaign of the business. */
export interface Campaign {
  id: string;
  status: CampaignStatus;
  /** Why the campaign was rejected (status "rejected"). */
  rejectionReason: string | null;
  form: CampaignDraft;
  /** Whether the form may be changed now: drafts and rejected campaigns only. */
  editable: boolean;
  /** Tracking numbers assigned (or being assigned) to it. */
  trackingNumberIds: string[];
  submittedBy: string | null;
  submittedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The toll-free verification form of one toll-free number. */
export interface TollFreeInput {
  businessName: string;
  website: string;
  notificationEmail: string;
  useCaseCategories: TollFreeUseCaseCategory[];
  useCaseSummary: string;
  productionMessageSample: string;
  optInType: OptInType;
  /** Public URLs of images proving the opt-in (needed for web and paper forms). */
  optInImageUrls: string[];
  monthlyVolume: MonthlyVolume;
}

/** A toll-free form being filled in. */
export type TollFreeDraft = Partial<TollFreeInput>;

/** What registration a tracking number needs before it may text, and where it stands. */
export type NumberRegistration =
  | { kind: 'ten-dlc'; campaignId: string | null; status: AssignmentStatus; error: string | null }
  | { kind: 'none'; message: string }
  | {
      kind: 'toll-free';
      status: TollFreeStatus;
      /** Why the verification was rejected. */
      reason: string | null;
      /** Whether the form may be changed and (re)submitted now. */
      editable: boolean;
      form: TollFreeDraft | null;
    };

/** A tracking number in messaging setup: the number, its readiness and its registration. */
export interface SetupNumber extends TrackingNumber {
  registration: NumberRegistration;
}

/** GET /v1/messaging-setup: everything the setup screen shows. */
export interface MessagingSetup {
  brand: Brand | null;
  campaigns: Campaign[];
  numbers: SetupNumber[];
  /** Whether the caller's role may change setup (owner and admin). */
  canEdit: boolean;
}

/** POST /v1/messaging-setup/assignments. */
export interface AssignNumbersInput {
  campaignId: string;
  trackingNumberIds: string[];
}

/** The numbers an assignment touched, each with its own assignment state. */
export interface AssignNumbersResult {
  numbers: SetupNumber[];
}
