// Validation of the messaging-setup forms. Limits and messages come from the SDK
// (@threadline/sdk setup/limits), so the API's 422 and the widget's inline message say the same
// words. Each form has two modes: a draft (any field may be missing, every given field is valid)
// and a submission (everything required, plus the rules that tie fields together).
import { z } from 'zod';
import {
  BRAND_CHECKS,
  BRAND_LIMITS,
  BUSINESS_TYPES,
  CAMPAIGN_CHECKS,
  CAMPAIGN_LIMITS,
  CAMPAIGN_USE_CASES,
  INDUSTRIES,
  MONTHLY_VOLUMES,
  OPT_IN_TYPES,
  PHONE_MESSAGE,
  SETUP_COUNTRIES,
  STOCK_EXCHANGES,
  TOLL_FREE_CHECKS,
  TOLL_FREE_LIMITS,
  TOLL_FREE_USE_CASE_CATEGORIES,
  checkCount,
  checkEmail,
  checkKeywords,
  checkPhone,
  checkTaxId,
  checkUrl,
  countMessage,
  normalizeTaxId,
  textMessage,
  type BrandDraft,
  type BrandInput,
  type CampaignDraft,
  type CampaignInput,
  type CampaignUseCase,
  type FieldCheck,
  type TextLimit,
  type TollFreeDraft,
  type TollFreeInput,
  type TollFreeUseCaseCategory,
} from '@threadline/sdk';
import { toE164 } from '@threadline/sdk/phone';

type Mode = 'draft' | 'submit';

/** Adds the SDK check's message as a zod issue (at the field, or at `path` below it). */
function refineWith(check: (value: unknown) => string | null) {
  return (value: unknown, ctx: z.RefinementCtx) => {
    const message = check(value);
    if (message) ctx.addIssue({ code: 'custom', message });
  };
}

function text(limit: TextLimit) {
  const message = textMessage(limit);
  return z.string({ error: message }).trim().min(limit.min, message).max(limit.max, message);
}

function choice<const T extends readonly [string, ...string[]]>(values: T, check: FieldCheck | undefined) {
  return z.enum(values, { error: (issue) => check?.(issue.input, {}) ?? undefined });
}

function flag(check: FieldCheck | undefined) {
  return z.boolean({ error: (issue) => check?.(issue.input, {}) ?? undefined });
}

function webAddress(limit: TextLimit) {
  return text(limit).superRefine(refineWith((value) => checkUrl(limit, value)));
}

function email(limit: TextLimit) {
  return text(limit).superRefine(refineWith((value) => checkEmail(limit, value)));
}

function phone() {
  return z
    .string({ error: PHONE_MESSAGE })
    .trim()
    // The shape check the widget runs as the user types, then the phone library's reading of it.
    .superRefine(refineWith(checkPhone))
    .transform((value, ctx) => {
      const e164 = toE164(value);
      if (e164) return e164;
      ctx.addIssue({ code: 'custom', message: PHONE_MESSAGE });
      return z.NEVER;
    });
}

function keywords(optional: boolean) {
  return z
    .array(z.string(), { error: countMessage(optional ? { ...CAMPAIGN_LIMITS.keywords, min: 0 } : CAMPAIGN_LIMITS.keywords) })
    .superRefine(refineWith((value) => checkKeywords(value, optional)))
    // Carriers match keywords case-insensitively; upper case is how they are shown to reviewers.
    .transform((list) => [...new Set(list.map((keyword) => keyword.trim().toUpperCase()))]);
}

type Fields<S extends z.ZodRawShape, M extends Mode> = M extends 'draft' ? ReturnType<z.ZodObject<S, z.core.$strict>['partial']> : z.ZodObject<S, z.core.$strict>;

/** An object of fields, every one optional in a draft. `missing` is the message when it is absent. */
function fields<S extends z.ZodRawShape, M extends Mode>(shape: S, mode: M, missing?: string): Fields<S, M> {
  const object = z.strictObject(shape, missing ? { error: (issue) => (issue.input === undefined ? missing : undefined) } : undefined);
  return (mode === 'draft' ? object.partial() : object) as Fields<S, M>;
}

const useCases = Object.keys(CAMPAIGN_USE_CASES) as [CampaignUseCase, ...CampaignUseCase[]];
const categories = Object.keys(TOLL_FREE_USE_CASE_CATEGORIES) as [TollFreeUseCaseCategory, ...TollFreeUseCaseCategory[]];

// ---------------------------------------------------------------- brand

function brandShape<M extends Mode>(mode: M) {
  return {
    legalName: text(BRAND_LIMITS.legalName),
    businessType: choice(BUSINESS_TYPES, BRAND_CHECKS.businessType),
    // Checked against taxIdCountry below: its format depends on the country.
    taxId: z.string({ error: checkTaxId(undefined, 'US') ?? undefined }).trim().nullable().optional(),
    taxIdCountry: choice(SETUP_COUNTRIES, BRAND_CHECKS.taxIdCountry),
    industry: choice(INDUSTRIES, BRAND_CHECKS.industry),
    website: webAddress(BRAND_LIMITS.website),
    address: fields(
      {
        street: text(BRAND_LIMITS.street),
        city: text(BRAND_LIMITS.city),
        region: text(BRAND_LIMITS.region),
        postalCode: text(BRAND_LIMITS.postalCode),
        country: choice(SETUP_COUNTRIES, BRAND_CHECKS['address.country']),
      },
      mode,
      'Fill in the business address',
    ),
    contact: fields(
      {
        firstName: text(BRAND_LIMITS.firstName),
        lastName: text(BRAND_LIMITS.lastName),
        email: email(BRAND_LIMITS.email),
        phone: phone(),
      },
      mode,
      'Fill in the business contact',
    ),
    stockExchange: choice(STOCK_EXCHANGES, (value) => BRAND_CHECKS.stockExchange!(value, { businessType: 'public' })).nullable().optional(),
    stockSymbol: text(BRAND_LIMITS.stockSymbol).nullable().optional(),
  };
}

/** The fields of a brand form the cross-field rules read. */
interface BrandRuleFields {
  businessType?: string | undefined;
  taxId?: string | null | undefined;
  taxIdCountry?: 'US' | 'CA' | undefined;
  stockExchange?: string | null | undefined;
  stockSymbol?: string | null | undefined;
}

function brandRules(mode: Mode) {
  return (form: BrandRuleFields, ctx: z.RefinementCtx) => {
    const hasTaxId = typeof form.taxId === 'string' && form.taxId !== '';
    // Sole proprietors often have no EIN; everyone else registers with one.
    const needsTaxId = mode === 'submit' && form.businessType !== 'sole-proprietor';
    if (hasTaxId || needsTaxId) {
      const message = checkTaxId(form.taxId, form.taxIdCountry ?? 'US');
      if (message) ctx.addIssue({ code: 'custom', message, path: ['taxId'] });
    }
    if (mode === 'submit' && form.businessType === 'public') {
      for (const field of ['stockExchange', 'stockSymbol'] as const) {
        const message = BRAND_CHECKS[field]!(form[field] ?? undefined, { businessType: 'public' });
        if (message) ctx.addIssue({ code: 'custom', message, path: [field] });
      }
    }
  };
}

function normalizeBrand(mode: Mode) {
  return <F extends BrandRuleFields>(form: F) => {
    const taxId = typeof form.taxId === 'string' && form.taxId !== '' ? normalizeTaxId(form.taxId, form.taxIdCountry ?? 'US') : null;
    const isPublic = form.businessType === 'public' || (mode === 'draft' && form.businessType === undefined);
    return {
      ...form,
      taxId,
      // Only public companies list a stock; a stale value from an earlier choice is dropped.
      stockExchange: isPublic ? (form.stockExchange ?? null) : null,
      stockSymbol: isPublic ? (form.stockSymbol?.toUpperCase() ?? null) : null,
    } as Omit<F, 'stockExchange'> & { taxId: string | null; stockExchange: F['stockExchange'] | null; stockSymbol: string | null };
  };
}

/** A brand draft (PUT): given fields valid, any may be missing. */
export const brandDraftSchema = fields(brandShape('draft'), 'draft').superRefine(brandRules('draft')).transform(normalizeBrand('draft'));
/** A brand to submit: every field required, tax id and stock listing checked against the rest. */
export const brandInputSchema = fields(brandShape('submit'), 'submit').superRefine(brandRules('submit')).transform(normalizeBrand('submit'));

// ---------------------------------------------------------------- campaign

function replyText(label: string) {
  return text({ ...CAMPAIGN_LIMITS.replyText, label });
}

function campaignSchema<M extends Mode>(mode: M) {
  const samplesMessage = countMessage(CAMPAIGN_LIMITS.samples);
  return fields(
    {
      useCase: choice(useCases, CAMPAIGN_CHECKS.useCase),
      description: text(CAMPAIGN_LIMITS.description),
      messageFlow: text(CAMPAIGN_LIMITS.messageFlow),
      samples:
        mode === 'submit'
          ? z.array(text(CAMPAIGN_LIMITS.sample), { error: samplesMessage }).min(CAMPAIGN_LIMITS.samples.min, samplesMessage).max(CAMPAIGN_LIMITS.samples.max, samplesMessage)
          : // A draft may hold fewer samples than a submission needs, never more.
            z.array(text(CAMPAIGN_LIMITS.sample), { error: samplesMessage }).max(CAMPAIGN_LIMITS.samples.max, samplesMessage),
      hasLinks: flag(CAMPAIGN_CHECKS.hasLinks),
      hasPhoneNumbers: flag(CAMPAIGN_CHECKS.hasPhoneNumbers),
      optInKeywords: keywords(true),
      optInMessage: replyText('Opt-in reply'),
      optOutKeywords: keywords(false),
      optOutMessage: replyText('Opt-out reply'),
      helpKeywords: keywords(false),
      helpMessage: replyText('Help reply'),
      ageGated: flag(CAMPAIGN_CHECKS.ageGated),
      directLending: flag(CAMPAIGN_CHECKS.directLending),
    },
    mode,
  );
}

/** A campaign draft (POST/PUT): given fields valid, any may be missing. */
export const campaignDraftSchema = campaignSchema('draft');
/** A campaign to submit. */
export const campaignInputSchema = campaignSchema('submit');

// ---------------------------------------------------------------- toll-free

function tollFreeSchema<M extends Mode>(mode: M) {
  const { useCaseCategories: categoryLimit, optInImageUrls: imageLimit } = TOLL_FREE_LIMITS;
  return fields(
    {
      businessName: text(TOLL_FREE_LIMITS.businessName),
      website: webAddress(TOLL_FREE_LIMITS.website),
      notificationEmail: email(TOLL_FREE_LIMITS.notificationEmail),
      useCaseCategories: z
        .array(choice(categories, () => 'Choose use case categories from the list'), { error: countMessage(categoryLimit) })
        .superRefine(refineWith((value) => checkCount(categoryLimit, value)))
        .transform((list) => [...new Set(list)]),
      useCaseSummary: text(TOLL_FREE_LIMITS.useCaseSummary),
      productionMessageSample: text(TOLL_FREE_LIMITS.productionMessageSample),
      optInType: choice(OPT_IN_TYPES, TOLL_FREE_CHECKS.optInType),
      optInImageUrls: z
        .array(webAddress({ label: 'Opt-in image URL', min: 4, max: 2048 }), { error: countMessage(imageLimit) })
        .superRefine(refineWith((value) => checkCount(imageLimit, value))),
      monthlyVolume: choice(MONTHLY_VOLUMES, TOLL_FREE_CHECKS.monthlyVolume),
    },
    mode,
  );
}

/** A toll-free verification draft (PUT). */
export const tollFreeDraftSchema = tollFreeSchema('draft');
/** A toll-free verification to submit. */
export const tollFreeInputSchema = tollFreeSchema('submit');

/** POST /v1/messaging-setup/assignments. */
export const assignNumbersSchema = z.strictObject({
  campaignId: z.string({ error: 'Choose the campaign to assign the numbers to' }).min(1, 'Choose the campaign to assign the numbers to'),
  trackingNumberIds: z
    .array(z.string().min(1), { error: 'Choose at least one tracking number' })
    .min(1, 'Choose at least one tracking number')
    .max(100, 'Assign at most 100 numbers at a time'),
});

// The schemas' outputs are the SDK's types: these lines fail to compile if the two drift apart.
void ((value: z.output<typeof brandInputSchema>): BrandInput => value);
void ((value: z.output<typeof brandDraftSchema>): BrandDraft => value);
void ((value: z.output<typeof campaignInputSchema>): CampaignInput => value);
void ((value: z.output<typeof campaignDraftSchema>): CampaignDraft => value);
void ((value: z.output<typeof tollFreeInputSchema>): TollFreeInput => value);
void ((value: z.output<typeof tollFreeDraftSchema>): TollFreeDraft => value);
