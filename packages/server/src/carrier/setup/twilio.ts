// Messaging setup through Twilio's official SDK, the way an ISV registers its customers:
//   brand      Trust Hub secondary customer profile (business information, authorized
//              representative, address) + A2P messaging trust product, then a brand registration
//   campaign   a messaging service of its own (Twilio allows one A2P campaign per service) and the
//              US app-to-person campaign on it
//   assignment the number added to the campaign's messaging service
//   toll-free  a toll-free verification (an editable rejection is edited, not duplicated)
// Reviews are read back by the setup poller. Twilio's 4xx answers are refusals whose message
// becomes the reason the user sees; network trouble, 5xx, 429 and our own credentials being
// refused (401/403) are retried on the next poll instead of being blamed on the user's form.
import twilio from 'twilio';
import type TwilioRequestClient from 'twilio/lib/base/RequestClient.js';
import type { BrandInput, BusinessType, CampaignInput, OptInType, TollFreeInput } from '@threadline/sdk';
import type { Config } from '../../config.ts';
import { RedirectingRequestClient } from '../twilio.ts';
import {
  SetupCarrierError,
  type BrandSubmission,
  type CampaignRegistration,
  type CampaignSubmission,
  type NumberAssignment,
  type ReviewResult,
  type SetupCarrier,
  type TollFreeReview,
  type TollFreeSubmission,
} from './index.ts';

/** Twilio's policy for an ISV's secondary customer profile (one per business). */
export const SECONDARY_CUSTOMER_PROFILE_POLICY_SID = 'RNdfbf3fae0e1107f8aded0e7cead80bf5';
/** Twilio's policy for the A2P messaging profile trust product. */
export const A2P_TRUST_PRODUCT_POLICY_SID = 'RNb0d4771c2c98518d916a3d4cd70a8f8b';

type TwilioClient = ReturnType<typeof twilio>;

/**
 * The messaging carrier's redirecting client, also naming the Twilio host each request was meant
 * for in X-Forwarded-Host: setup spans api., trusthub. and messaging.twilio.com, and the fake
 * checks that each call went to the right one.
 */
class HostNamingRequestClient extends RedirectingRequestClient {
  override request<TData>(opts: TwilioRequestClient.RequestOptions<TData>) {
    return super.request<TData>({ ...opts, headers: { ...opts.headers, 'X-Forwarded-Host': new URL(opts.uri).host } });
  }
}

const CUSTOMER_PROFILE_BUSINESS_TYPE: Record<BusinessType, string> = {
  private: 'Corporation',
  public: 'Corporation',
  'non-profit': 'Non-profit Corporation',
  government: 'Corporation',
  'sole-proprietor': 'Sole Proprietorship',
};

const A2P_COMPANY_TYPE: Record<BusinessType, string> = {
  private: 'private',
  public: 'public',
  'non-profit': 'non-profit',
  government: 'government',
  'sole-proprietor': 'private',
};

const OPT_IN_TYPE: Record<OptInType, 'VERBAL' | 'WEB_FORM' | 'PAPER_FORM' | 'VIA_TEXT' | 'MOBILE_QR_CODE' | 'IMPORT'> = {
  verbal: 'VERBAL',
  'web-form': 'WEB_FORM',
  'paper-form': 'PAPER_FORM',
  'via-text': 'VIA_TEXT',
  'qr-code': 'MOBILE_QR_CODE',
  import: 'IMPORT',
};

/** Twilio's error code for "this phone number is already in this messaging service". */
const ALREADY_IN_SERVICE = 21710;

/** Every `failure_reason` / `description` string in a Twilio payload (evaluations, errors lists). */
function reasonsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => reasonsIn(item, found));
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if ((key === 'failure_reason' || key === 'description' || key === 'reason') && typeof inner === 'string' && inner && !found.includes(inner)) found.push(inner);
      else reasonsIn(inner, found);
    }
  }
  return found;
}

function toSetupError(error: unknown): SetupCarrierError {
  if (error instanceof SetupCarrierError) return error;
  if (error instanceof twilio.RestException) {
    const refused = error.status >= 400 && error.status < 500 && ![401, 403, 429].includes(error.status);
    const message = error.message || `Twilio answered HTTP ${error.status}`;
    if (refused) return new SetupCarrierError(`${message}${error.code ? ` (Twilio error ${error.code})` : ''}`, false);
    return new SetupCarrierError(`Twilio could not take the request now: ${message}`, true);
  }
  // No response at all (connection refused, timeout, DNS): transient.
  return new SetupCarrierError(`Could not reach Twilio: ${error instanceof Error ? error.message : String(error)}`, true);
}

function shortName(...parts: string[]): string {
  // Twilio caps friendly names at 64 characters.
  return parts.join(' – ').slice(0, 64);
}

/** The Twilio setup carrier. */
export class TwilioSetupCarrier implements SetupCarrier {
  readonly name = 'twilio' as const;
  readonly #client: TwilioClient;
  readonly #primaryProfileSid: string | undefined;

  constructor(config: Config) {
    if (!config.twilioAccountSid || !config.twilioAuthToken) throw new Error('The Twilio setup carrier needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN');
    this.#client = twilio(config.twilioAccountSid, config.twilioAuthToken, {
      ...(config.twilioApiBaseUrl ? { httpClient: new HostNamingRequestClient(config.twilioApiBaseUrl) } : {}),
    });
    this.#primaryProfileSid = config.twilioPrimaryCustomerProfileSid;
  }

  async #twilio<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toSetupError(error);
    }
  }

  async submitBrand({ businessId, form }: BrandSubmission): Promise<{ carrierSid: string }> {
    return this.#twilio(async () => {
      const trusthub = this.#client.trusthub.v1;
      const name = shortName(form.legalName, businessId);
      const email = form.contact.email;

      const profile = await trusthub.customerProfiles.create({ friendlyName: name, email, policySid: SECONDARY_CUSTOMER_PROFILE_POLICY_SID });
      const assignToProfile = (objectSid: string) => trusthub.customerProfiles(profile.sid).customerProfilesEntityAssignments.create({ objectSid });
      const information = await trusthub.endUsers.create({
        friendlyName: shortName(form.legalName, 'business information'),
        type: 'customer_profile_business_information',
        attributes: {
          business_name: form.legalName,
          business_type: CUSTOMER_PROFILE_BUSINESS_TYPE[form.businessType],
          business_registration_identifier: form.taxIdCountry === 'CA' ? 'CBN' : 'EIN',
          business_registration_number: (form.taxId ?? '').replace(/\D/g, ''),
          business_identity: 'direct_customer',
          business_industry: form.industry,
          business_regions_of_operation: 'USA_AND_CANADA',
          website_url: form.website,
        },
      });
      await assignToProfile(information.sid);
      const representative = await trusthub.endUsers.create({
        friendlyName: shortName(form.legalName, 'authorized representative'),
        type: 'authorized_representative_1',
        attributes: {
          first_name: form.contact.firstName,
          last_name: form.contact.lastName,
          email: form.contact.email,
          phone_number: form.contact.phone,
          // The form does not ask for a title; Twilio accepts "Other" as the position.
          business_title: 'Authorized representative',
          job_position: 'Other',
        },
      });
      await assignToProfile(representative.sid);
      const address = await this.#client.api.v2010.account.addresses.create({
        customerName: form.legalName,
        street: form.address.street,
        city: form.address.city,
        region: form.address.region,
        postalCode: form.address.postalCode,
        isoCountry: form.address.country,
      });
      const addressDocument = await trusthub.supportingDocuments.create({
        friendlyName: shortName(form.legalName, 'address'),
        type: 'customer_profile_address',
        attributes: { address_sids: address.sid },
      });
      await assignToProfile(addressDocument.sid);
      if (this.#primaryProfileSid) await assignToProfile(this.#primaryProfileSid);
      const profileCheck = await trusthub.customerProfiles(profile.sid).customerProfilesEvaluations.create({ policySid: SECONDARY_CUSTOMER_PROFILE_POLICY_SID });
      this.#requireCompliant('business profile', profileCheck);
      await trusthub.customerProfiles(profile.sid).update({ status: 'pending-review' });

      const product = await trusthub.trustProducts.create({ friendlyName: shortName(form.legalName, 'A2P'), email, policySid: A2P_TRUST_PRODUCT_POLICY_SID });
      const messagingProfile = await trusthub.endUsers.create({
        friendlyName: shortName(form.legalName, 'A2P messaging profile'),
        type: 'us_a2p_messaging_profile_information',
        attributes: {
          company_type: A2P_COMPANY_TYPE[form.businessType],
          ...(form.businessType === 'public' ? { stock_exchange: form.stockExchange, stock_ticker: form.stockSymbol } : {}),
        },
      });
      await trusthub.trustProducts(product.sid).trustProductsEntityAssignments.create({ objectSid: messagingProfile.sid });
      await trusthub.trustProducts(product.sid).trustProductsEntityAssignments.create({ objectSid: profile.sid });
      const productCheck = await trusthub.trustProducts(product.sid).trustProductsEvaluations.create({ policySid: A2P_TRUST_PRODUCT_POLICY_SID });
      this.#requireCompliant('A2P messaging profile', productCheck);
      await trusthub.trustProducts(product.sid).update({ status: 'pending-review' });

      const brand = await this.#client.messaging.v1.brandRegistrations.create({
        customerProfileBundleSid: profile.sid,
        a2PProfileBundleSid: product.sid,
        brandType: form.businessType === 'sole-proprietor' ? 'SOLE_PROPRIETOR' : 'STANDARD',
      });
      return { carrierSid: brand.sid };
    });
  }

  #requireCompliant(what: string, evaluation: { status: string; results: unknown }): void {
    if (evaluation.status === 'compliant') return;
    const reasons = reasonsIn(evaluation.results);
    throw new SetupCarrierError(`Twilio found the ${what} incomplete: ${reasons.join('; ') || 'no reason given'}`, false);
  }

  async brandStatus(carrierSid: string, form: BrandInput): Promise<ReviewResult<'pending' | 'verified' | 'failed'>> {
    void form;
    return this.#twilio(async () => {
      const brand = await this.#client.messaging.v1.brandRegistrations(carrierSid).fetch();
      if (brand.status === 'APPROVED') return { status: 'verified', reason: null };
      if (brand.status === 'FAILED' || brand.status === 'SUSPENDED') {
        const reasons = [brand.failureReason, ...reasonsIn(brand.errors)].filter((reason, index, all): reason is string => Boolean(reason) && all.indexOf(reason) === index);
        return { status: 'failed', reason: reasons.join('; ') || (brand.status === 'SUSPENDED' ? 'The brand was suspended' : 'Brand verification failed') };
      }
      return { status: 'pending', reason: null };
    });
  }

  async submitCampaign({ businessName, brandCarrierSid, messagingServiceSid, form }: CampaignSubmission): Promise<CampaignRegistration> {
    if (!brandCarrierSid) {
      throw new SetupCarrierError('The brand was not registered through Twilio; resubmit the brand before registering a campaign', false);
    }
    return this.#twilio(async () => {
      const services = this.#client.messaging.v1.services;
      // A resubmission goes on the same service: Twilio wants the rejected campaign deleted first.
      let serviceSid = messagingServiceSid ? await this.#emptiedService(messagingServiceSid) : null;
      const created = !serviceSid;
      if (!serviceSid) {
        const service = await services.create({
          friendlyName: shortName(businessName, form.useCase),
          // Numbers keep their own SMS webhooks (which the messaging carrier sets), not the service's.
          useInboundWebhookOnNumber: true,
        });
        serviceSid = service.sid;
      }
      try {
        const campaign = await services(serviceSid).usAppToPerson.create({
          brandRegistrationSid: brandCarrierSid,
          usAppToPersonUsecase: form.useCase,
          description: form.description,
          messageFlow: form.messageFlow,
          messageSamples: form.samples,
          hasEmbeddedLinks: form.hasLinks,
          hasEmbeddedPhone: form.hasPhoneNumbers,
          optInKeywords: form.optInKeywords,
          optInMessage: form.optInMessage,
          optOutKeywords: form.optOutKeywords,
          optOutMessage: form.optOutMessage,
          helpKeywords: form.helpKeywords,
          helpMessage: form.helpMessage,
          subscriberOptIn: true,
          ageGated: form.ageGated,
          directLending: form.directLending,
        });
        return { carrierSid: campaign.sid, messagingServiceSid: serviceSid };
      } catch (error) {
        // Do not leave an empty service behind for every refused campaign.
        if (created) await services(serviceSid).remove().catch(() => undefined);
        throw error;
      }
    });
  }

  /** An earlier attempt's messaging service with its campaign removed, or null when it is gone. */
  async #emptiedService(serviceSid: string): Promise<string | null> {
    const service = this.#client.messaging.v1.services(serviceSid);
    try {
      for (const old of await service.usAppToPerson.list()) await service.usAppToPerson(old.sid).remove();
      return serviceSid;
    } catch (error) {
      if (error instanceof twilio.RestException && error.status === 404) return null;
      throw error;
    }
  }

  async campaignStatus(registration: CampaignRegistration, form: CampaignInput): Promise<ReviewResult<'pending' | 'approved' | 'rejected'>> {
    void form;
    const serviceSid = registration.messagingServiceSid;
    if (!serviceSid) throw new SetupCarrierError('The campaign has no Twilio messaging service; resubmit it', false);
    return this.#twilio(async () => {
      const campaign = await this.#client.messaging.v1.services(serviceSid).usAppToPerson(registration.carrierSid).fetch();
      if (campaign.campaignStatus === 'VERIFIED') return { status: 'approved', reason: null };
      if (campaign.campaignStatus === 'FAILED') return { status: 'rejected', reason: reasonsIn(campaign.errors).join('; ') || 'The campaign was rejected' };
      return { status: 'pending', reason: null };
    });
  }

  /** The Twilio sid (PN...) of a number in the account: stored, or looked up by its E.164. */
  async #phoneNumberSid(e164: string, known: string | null): Promise<string> {
    if (known?.startsWith('PN')) return known;
    const [found] = await this.#client.api.v2010.account.incomingPhoneNumbers.list({ phoneNumber: e164, limit: 1 });
    if (!found) throw new SetupCarrierError(`${e164} is not a phone number of this Twilio account`, false);
    return found.sid;
  }

  async assignNumber(assignment: NumberAssignment): Promise<ReviewResult<'pending' | 'assigned' | 'failed'>> {
    const serviceSid = assignment.campaign?.messagingServiceSid;
    if (!serviceSid) throw new SetupCarrierError('The campaign was not registered through Twilio; resubmit the campaign', false);
    return this.#twilio(async () => {
      const phoneNumberSid = await this.#phoneNumberSid(assignment.e164, assignment.numberCarrierSid);
      try {
        await this.#client.messaging.v1.services(serviceSid).phoneNumbers.create({ phoneNumberSid });
      } catch (error) {
        if (!(error instanceof twilio.RestException && error.code === ALREADY_IN_SERVICE)) throw error;
      }
      return { status: 'assigned', reason: null };
    });
  }

  async submitTollFree(submission: TollFreeSubmission): Promise<{ carrierSid: string }> {
    const { form, brand } = submission;
    return this.#twilio(async () => {
      const tollfreePhoneNumberSid = await this.#phoneNumberSid(submission.e164, submission.numberCarrierSid);
      const fields = {
        businessName: form.businessName,
        businessWebsite: form.website,
        notificationEmail: form.notificationEmail,
        useCaseCategories: form.useCaseCategories,
        useCaseSummary: form.useCaseSummary,
        productionMessageSample: form.productionMessageSample,
        optInImageUrls: form.optInImageUrls,
        optInType: OPT_IN_TYPE[form.optInType],
        messageVolume: form.monthlyVolume,
        externalReferenceId: submission.trackingNumberId,
        // Optional fields Twilio's reviewers use, from the 10DLC brand form when there is one.
        ...(brand?.address?.street ? { businessStreetAddress: brand.address.street } : {}),
        ...(brand?.address?.city ? { businessCity: brand.address.city } : {}),
        ...(brand?.address?.region ? { businessStateProvinceRegion: brand.address.region } : {}),
        ...(brand?.address?.postalCode ? { businessPostalCode: brand.address.postalCode } : {}),
        ...(brand?.address?.country ? { businessCountry: brand.address.country } : {}),
        ...(brand?.contact?.firstName ? { businessContactFirstName: brand.contact.firstName } : {}),
        ...(brand?.contact?.lastName ? { businessContactLastName: brand.contact.lastName } : {}),
        ...(brand?.contact?.email ? { businessContactEmail: brand.contact.email } : {}),
        ...(brand?.contact?.phone ? { businessContactPhone: brand.contact.phone } : {}),
      };
      const verifications = this.#client.messaging.v1.tollfreeVerifications;
      const previous = await verifications.list({ tollfreePhoneNumberSid, limit: 20 });
      const editable = previous.find((verification) => verification.status === 'TWILIO_REJECTED' && verification.editAllowed);
      if (editable) {
        const { externalReferenceId, ...changes } = fields;
        void externalReferenceId;
        await verifications(editable.sid).update({ ...changes, editReason: 'Corrected the rejection reasons and resubmitted' });
        return { carrierSid: editable.sid };
      }
      const created = await verifications.create({ ...fields, tollfreePhoneNumberSid });
      return { carrierSid: created.sid };
    });
  }

  async tollFreeStatus(carrierSid: string, form: TollFreeInput): Promise<TollFreeReview> {
    void form;
    return this.#twilio(async () => {
      const verification = await this.#client.messaging.v1.tollfreeVerifications(carrierSid).fetch();
      switch (verification.status) {
        case 'TWILIO_APPROVED':
          return { status: 'approved', reason: null, editable: false };
        case 'TWILIO_REJECTED': {
          const reasons = [verification.rejectionReason, ...reasonsIn(verification.rejectionReasons)].filter(
            (reason, index, all): reason is string => Boolean(reason) && all.indexOf(reason) === index,
          );
          return { status: 'rejected', reason: reasons.join('; ') || 'The verification was rejected', editable: Boolean(verification.editAllowed) };
        }
        case 'IN_REVIEW':
          return { status: 'in_review', reason: null, editable: false };
        default:
          return { status: 'pending_review', reason: null, editable: false };
      }
    });
  }

  async close(): Promise<void> {
    // The SDK keeps no timers; its sockets close with the process or the server they talk to.
  }
}
