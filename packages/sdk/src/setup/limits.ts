// Messaging-setup field limits (10DLC brand and campaign, toll-free verification): one source for the
// server's validation and the widget's messages, so both say exactly the same thing next to a field.
// Lengths come from The Campaign Registry's and Twilio's documented maximums; codes are Twilio's own,
// so the server passes them through unchanged.

/** Length limits of a text field (trimmed, counted in UTF-16 units like the server's validator). */
export interface TextLimit {
  readonly label: string;
  readonly min: number;
  readonly max: number;
}

/** Checks one field: the message to show next to it, or null when the value is fine. */
export type FieldCheck<Form = Record<string, unknown>> = (value: unknown, form: Partial<Form>) => string | null;

/** Kinds of business a 10DLC brand can be. */
export const BUSINESS_TYPES = ['private', 'public', 'non-profit', 'government', 'sole-proprietor'] as const;

/** Countries a brand's tax id and address may be in. */
export const SETUP_COUNTRIES = ['US', 'CA'] as const;

/** Industries, as Twilio's Trust Hub customer profile names them. */
export const INDUSTRIES = [
  'AGRICULTURE', 'AUTOMOTIVE', 'BANKING', 'CONSTRUCTION', 'CONSUMER', 'EDUCATION', 'ELECTRONICS', 'ENERGY',
  'ENGINEERING', 'FAST_MOVING_CONSUMER_GOODS', 'FINANCIAL', 'FINTECH', 'FOOD_AND_BEVERAGE', 'GOVERNMENT',
  'HEALTHCARE', 'HOSPITALITY', 'INSURANCE', 'JEWELRY', 'LEGAL', 'MANUFACTURING', 'MEDIA', 'NOT_FOR_PROFIT',
  'OIL_AND_GAS', 'ONLINE', 'PROFESSIONAL_SERVICES', 'RAW_MATERIALS', 'REAL_ESTATE', 'RELIGION', 'RETAIL',
  'TECHNOLOGY', 'TELECOMMUNICATIONS', 'TRANSPORTATION', 'TRAVEL',
] as const;

/** Stock exchanges a public company's brand may name (Twilio's A2P profile list). */
export const STOCK_EXCHANGES = [
  'NASDAQ', 'NYSE', 'AMEX', 'AMX', 'ASX', 'B3', 'BME', 'BSE', 'FRA', 'ICEX', 'JPX', 'JSE', 'KRX', 'LON', 'NSE',
  'OMX', 'SEHK', 'SSE', 'STO', 'SWX', 'SZSE', 'TSX', 'TWSE', 'VSE', 'OTHER',
] as const;

/** The standard US A2P (10DLC) campaign use cases of The Campaign Registry, with their labels. */
export const CAMPAIGN_USE_CASES = {
  '2FA': 'Two-factor authentication',
  ACCOUNT_NOTIFICATION: 'Account notifications',
  CUSTOMER_CARE: 'Customer care',
  DELIVERY_NOTIFICATION: 'Delivery notifications',
  FRAUD_ALERT: 'Fraud alerts',
  HIGHER_EDUCATION: 'Higher education',
  LOW_VOLUME: 'Low volume mixed',
  MARKETING: 'Marketing',
  MIXED: 'Mixed',
  POLLING_VOTING: 'Polling and voting',
  PUBLIC_SERVICE_ANNOUNCEMENT: 'Public service announcement',
  SECURITY_ALERT: 'Security alerts',
} as const;

/** Toll-free verification use case categories (Twilio's codes), with their labels. */
export const TOLL_FREE_USE_CASE_CATEGORIES = {
  TWO_FACTOR_AUTHENTICATION: 'Two-factor authentication',
  ACCOUNT_NOTIFICATIONS: 'Account notifications',
  CUSTOMER_CARE: 'Customer care',
  CHARITY_NONPROFIT: 'Charity / non-profit',
  DELIVERY_NOTIFICATIONS: 'Delivery notifications',
  FRAUD_ALERT_MESSAGING: 'Fraud alerts',
  EVENTS: 'Events',
  HIGHER_EDUCATION: 'Higher education',
  K12: 'K-12 education',
  MARKETING: 'Marketing',
  POLLING_AND_VOTING: 'Polling and voting',
  PUBLIC_SERVICE_ANNOUNCEMENT: 'Public service announcement',
  SECURITY_ALERT: 'Security alerts',
} as const;

/** How recipients of a toll-free number opt in. */
export const OPT_IN_TYPES = ['verbal', 'web-form', 'paper-form', 'via-text', 'qr-code', 'import'] as const;

/** Opt-in types whose proof is an image of the form: these need opt-in image URLs to be approved. */
export const OPT_IN_TYPES_NEEDING_IMAGES = ['web-form', 'paper-form'] as const;

/** Twilio's fixed buckets of expected monthly toll-free message volume. */
export const MONTHLY_VOLUMES = [
  '10', '100', '1,000', '10,000', '100,000', '250,000', '500,000', '750,000', '1,000,000', '5,000,000', '10,000,000+',
] as const;

/** 10DLC brand limits. */
export const BRAND_LIMITS = {
  legalName: { label: 'Legal business name', min: 2, max: 255 },
  website: { label: 'Website', min: 4, max: 100 },
  street: { label: 'Street address', min: 3, max: 100 },
  city: { label: 'City', min: 2, max: 100 },
  region: { label: 'State or province', min: 2, max: 20 },
  postalCode: { label: 'Postal code', min: 3, max: 10 },
  firstName: { label: 'First name', min: 1, max: 100 },
  lastName: { label: 'Last name', min: 1, max: 100 },
  email: { label: 'Email', min: 6, max: 100 },
  stockSymbol: { label: 'Stock symbol', min: 1, max: 10 },
} as const satisfies Record<string, TextLimit>;

/** 10DLC campaign limits (the numbers, which are TCR's). */
export const CAMPAIGN_LIMITS = {
  description: { label: 'Campaign description', min: 40, max: 4096 },
  messageFlow: { label: 'Message flow (how people opt in)', min: 40, max: 2048 },
  sample: { label: 'Sample message', min: 20, max: 1024 },
  /** How many sample messages (a count, not a length). */
  samples: { label: 'Sample messages', min: 2, max: 5 },
  replyText: { label: 'Reply text', min: 20, max: 320 },
  keyword: { label: 'Keyword', min: 1, max: 30 },
  /** How many keywords of one kind (opt-in keywords may be none: people may opt in another way). */
  keywords: { label: 'Keywords', min: 1, max: 10 },
} as const satisfies Record<string, TextLimit>;

/** Toll-free verification limits. */
export const TOLL_FREE_LIMITS = {
  businessName: { label: 'Business name', min: 2, max: 255 },
  website: { label: 'Website', min: 4, max: 100 },
  notificationEmail: { label: 'Notification email', min: 6, max: 100 },
  /** How many use case categories. */
  useCaseCategories: { label: 'Use case categories', min: 1, max: 5 },
  useCaseSummary: { label: 'Use case summary', min: 20, max: 1024 },
  // Deliberately loose: a too-short sample is a reason reviewers reject, not a malformed request.
  productionMessageSample: { label: 'Production message sample', min: 1, max: 1024 },
  /** How many opt-in image URLs. */
  optInImageUrls: { label: 'Opt-in image URLs', min: 0, max: 5 },
} as const satisfies Record<string, TextLimit>;

const number = new Intl.NumberFormat('en-US');

/** The one message for a text field outside its limits. */
export function textMessage(limit: TextLimit): string {
  return limit.min <= 1
    ? `${limit.label} is required and may be at most ${number.format(limit.max)} characters`
    : `${limit.label} must be ${number.format(limit.min)} to ${number.format(limit.max)} characters`;
}

/** The one message for a list with too few or too many entries. */
export function countMessage(limit: TextLimit): string {
  if (limit.min === limit.max) return `Give exactly ${limit.min} ${limit.label.toLowerCase()}`;
  if (limit.min === 0) return `Give at most ${limit.max} ${limit.label.toLowerCase()}`;
  return `Give ${limit.min} to ${limit.max} ${limit.label.toLowerCase()}`;
}

/** Checks a text field's length after trimming. */
export function checkText(limit: TextLimit, value: unknown): string | null {
  if (typeof value !== 'string') return textMessage(limit);
  const length = value.trim().length;
  return length < limit.min || length > limit.max ? textMessage(limit) : null;
}

/** Checks how many entries a list has. */
export function checkCount(limit: TextLimit, value: unknown): string | null {
  if (!Array.isArray(value)) return countMessage(limit);
  return value.length < limit.min || value.length > limit.max ? countMessage(limit) : null;
}

/** Message for a malformed email address. */
export const EMAIL_MESSAGE = 'Enter an email address like name@example.com';
/** Message for a web address without http(s) or a domain. */
export const URL_MESSAGE = 'Enter a full web address starting with https://';
/** Message for a phone number that cannot be read. */
export const PHONE_MESSAGE = 'Enter a phone number with its area code, e.g. +1 813 555 1234';
/** Message for a keyword with spaces or punctuation. */
export const KEYWORD_MESSAGE = 'Keywords are single words of letters and digits, e.g. STOP';

/** Checks an email address (length, then shape). */
export function checkEmail(limit: TextLimit, value: unknown): string | null {
  const length = checkText(limit, value);
  if (length) return length;
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(String(value).trim()) ? null : EMAIL_MESSAGE;
}

/** Checks a public web address: http(s), with a dotted host name. */
export function checkUrl(limit: TextLimit, value: unknown): string | null {
  const length = checkText(limit, value);
  if (length) return length;
  try {
    const url = new URL(String(value).trim());
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.') ? null : URL_MESSAGE;
  } catch {
    return URL_MESSAGE;
  }
}

/**
 * Checks the shape of a phone number as typed: phone punctuation and a +1 number's 10 digits (11
 * with the leading 1). A quick check a browser can run without the phone library; the server then
 * reads the number with `toE164` from `@threadline/sdk/phone` and answers `PHONE_MESSAGE` on the
 * field when it cannot (e.g. an area code that does not exist), and stores the E.164 form.
 * @example checkPhone('(813) 555-1234') // null
 */
export function checkPhone(value: unknown): string | null {
  if (typeof value !== 'string' || !/^\+?[\d\s().-]+$/.test(value.trim())) return PHONE_MESSAGE;
  const digits = value.replace(/\D/g, '');
  // With a "+", the country code is written out and must be 1.
  const plusOne = digits.length === 11 && digits.startsWith('1');
  return plusOne || (digits.length === 10 && !value.trim().startsWith('+')) ? null : PHONE_MESSAGE;
}

/**
 * A tax id in its canonical form, or null when it is malformed for its country:
 * US EIN "12-3456789" (dash optional on input), Canadian business number of 9 digits.
 * @example normalizeTaxId('123456789', 'US') // '12-3456789'
 */
export function normalizeTaxId(value: string, country: 'US' | 'CA'): string | null {
  const digits = value.trim().replace(/[\s-]/g, '');
  if (!/^\d{9}$/.test(digits)) return null;
  return country === 'US' ? `${digits.slice(0, 2)}-${digits.slice(2)}` : digits;
}

/** Checks a tax id against its country's format. */
export function checkTaxId(value: unknown, country: unknown): string | null {
  const isCanada = country === 'CA';
  const message = isCanada ? 'Enter the 9-digit Canadian business number' : 'Enter the EIN as 9 digits, e.g. 12-3456789';
  return typeof value === 'string' && normalizeTaxId(value, isCanada ? 'CA' : 'US') ? null : message;
}

/** Checks a keyword list: how many, and that each is one word of letters and digits. */
export function checkKeywords(value: unknown, optional = false): string | null {
  const limit = optional ? { ...CAMPAIGN_LIMITS.keywords, min: 0 } : CAMPAIGN_LIMITS.keywords;
  const count = checkCount(limit, value);
  if (count) return count;
  for (const keyword of value as unknown[]) {
    if (checkText(CAMPAIGN_LIMITS.keyword, keyword) || !/^[A-Za-z0-9]+$/.test(String(keyword).trim())) return KEYWORD_MESSAGE;
  }
  return null;
}

function oneOf(values: readonly string[], label: string): FieldCheck {
  return (value) => (typeof value === 'string' && values.includes(value) ? null : `Choose ${label} from the list`);
}

/** A message for every brand field, by its path in the form (`address.postalCode`). */
export const BRAND_CHECKS: Record<string, FieldCheck> = {
  legalName: (v) => checkText(BRAND_LIMITS.legalName, v),
  businessType: oneOf(BUSINESS_TYPES, 'a business type'),
  taxIdCountry: oneOf(SETUP_COUNTRIES, "the tax id's country"),
  taxId: (v, form) => checkTaxId(v, form.taxIdCountry),
  industry: oneOf(INDUSTRIES, 'an industry'),
  website: (v) => checkUrl(BRAND_LIMITS.website, v),
  'address.street': (v) => checkText(BRAND_LIMITS.street, v),
  'address.city': (v) => checkText(BRAND_LIMITS.city, v),
  'address.region': (v) => checkText(BRAND_LIMITS.region, v),
  'address.postalCode': (v) => checkText(BRAND_LIMITS.postalCode, v),
  'address.country': oneOf(SETUP_COUNTRIES, 'a country'),
  'contact.firstName': (v) => checkText(BRAND_LIMITS.firstName, v),
  'contact.lastName': (v) => checkText(BRAND_LIMITS.lastName, v),
  'contact.email': (v) => checkEmail(BRAND_LIMITS.email, v),
  'contact.phone': (v) => checkPhone(v),
  // Only public companies list a stock; for the others these fields are ignored.
  stockExchange: (v, form) => (form.businessType === 'public' ? oneOf(STOCK_EXCHANGES, 'a stock exchange')(v, form) : null),
  stockSymbol: (v, form) => (form.businessType === 'public' ? checkText(BRAND_LIMITS.stockSymbol, v) : null),
};

/** A message for every campaign field; `samples.N` checks the N-th sample. */
export const CAMPAIGN_CHECKS: Record<string, FieldCheck> = {
  useCase: oneOf(Object.keys(CAMPAIGN_USE_CASES), 'a use case'),
  description: (v) => checkText(CAMPAIGN_LIMITS.description, v),
  messageFlow: (v) => checkText(CAMPAIGN_LIMITS.messageFlow, v),
  samples: (v) => checkCount(CAMPAIGN_LIMITS.samples, v),
  sample: (v) => checkText(CAMPAIGN_LIMITS.sample, v),
  hasLinks: (v) => (typeof v === 'boolean' ? null : 'Say whether messages contain links'),
  hasPhoneNumbers: (v) => (typeof v === 'boolean' ? null : 'Say whether messages contain phone numbers'),
  optInKeywords: (v) => checkKeywords(v, true),
  optInMessage: (v) => checkText({ ...CAMPAIGN_LIMITS.replyText, label: 'Opt-in reply' }, v),
  optOutKeywords: (v) => checkKeywords(v),
  optOutMessage: (v) => checkText({ ...CAMPAIGN_LIMITS.replyText, label: 'Opt-out reply' }, v),
  helpKeywords: (v) => checkKeywords(v),
  helpMessage: (v) => checkText({ ...CAMPAIGN_LIMITS.replyText, label: 'Help reply' }, v),
  ageGated: (v) => (typeof v === 'boolean' ? null : 'Say whether the content is age-gated'),
  directLending: (v) => (typeof v === 'boolean' ? null : 'Say whether the campaign is about direct lending'),
};

/** A message for every toll-free verification field. */
export const TOLL_FREE_CHECKS: Record<string, FieldCheck> = {
  businessName: (v) => checkText(TOLL_FREE_LIMITS.businessName, v),
  website: (v) => checkUrl(TOLL_FREE_LIMITS.website, v),
  notificationEmail: (v) => checkEmail(TOLL_FREE_LIMITS.notificationEmail, v),
  useCaseCategories: (v) =>
    checkCount(TOLL_FREE_LIMITS.useCaseCategories, v) ??
    ((v as unknown[]).every((c) => typeof c === 'string' && c in TOLL_FREE_USE_CASE_CATEGORIES) ? null : 'Choose use case categories from the list'),
  useCaseSummary: (v) => checkText(TOLL_FREE_LIMITS.useCaseSummary, v),
  productionMessageSample: (v) => checkText(TOLL_FREE_LIMITS.productionMessageSample, v),
  optInType: oneOf(OPT_IN_TYPES, 'an opt-in type'),
  optInImageUrls: (v) =>
    checkCount(TOLL_FREE_LIMITS.optInImageUrls, v) ??
    ((v as unknown[]).every((url) => checkUrl({ label: 'Opt-in image URL', min: 4, max: 2048 }, url) === null) ? null : URL_MESSAGE),
  monthlyVolume: oneOf(MONTHLY_VOLUMES, 'an expected monthly volume'),
};
