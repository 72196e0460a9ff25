// The carrier side of messaging setup (10DLC brand and campaign, number assignment, toll-free
// verification), apart from the messaging carrier: registrations are slow reviews the server polls,
// not per-message calls. `twilio` goes through Trust Hub and the Messaging API; `simulator` answers
// in-process with predictable outcomes.
import type { BrandDraft, BrandInput, CampaignInput, TollFreeInput } from '@threadline/sdk';
import type { Config } from '../../config.ts';

/** A review's answer: still pending, or final with the carrier's reason when it was refused. */
export type ReviewResult<Status extends string> = { status: Status; reason: string | null };

/** A brand to register on behalf of a business. */
export interface BrandSubmission {
  businessId: string;
  businessName: string;
  brandId: string;
  form: BrandInput;
}

/** A campaign to register under a verified brand. */
export interface CampaignSubmission {
  businessId: string;
  businessName: string;
  campaignId: string;
  /** The brand's carrier registration; null when the brand was verified outside this carrier (seeded data). */
  brandCarrierSid: string | null;
  /** The messaging service of an earlier, rejected attempt: a resubmission reuses it. */
  messagingServiceSid: string | null;
  form: CampaignInput;
}

/** A campaign's carrier registration. */
export interface CampaignRegistration {
  carrierSid: string;
  messagingServiceSid: string | null;
}

/** A US local number to add to an approved campaign. */
export interface NumberAssignment {
  trackingNumberId: string;
  e164: string;
  /** The carrier's id of the phone number (Twilio PN...), when known. */
  numberCarrierSid: string | null;
  campaignId: string;
  campaign: CampaignRegistration | null;
}

/** A toll-free verification to send (first time, or again after an editable rejection). */
export interface TollFreeSubmission {
  trackingNumberId: string;
  e164: string;
  numberCarrierSid: string | null;
  form: TollFreeInput;
  /** The business's brand form, when it has one: its address and contact fill the optional fields. */
  brand: BrandDraft | null;
}

/** A toll-free review's answer. */
export interface TollFreeReview {
  status: 'pending_review' | 'in_review' | 'approved' | 'rejected';
  reason: string | null;
  /** Whether a rejected verification may be edited and resubmitted. */
  editable: boolean;
}

/**
 * A carrier refusal or outage while registering. `retryable` (network trouble, 5xx, 429) leaves
 * the item pending for the next poll; otherwise the item is refused with `message` as the reason.
 */
export class SetupCarrierError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'SetupCarrierError';
  }
}

/** The interface both setup carriers implement. Every method may throw `SetupCarrierError`. */
export interface SetupCarrier {
  readonly name: 'simulator' | 'twilio';
  /** Starts a brand registration; returns the carrier's id of it. */
  submitBrand(brand: BrandSubmission): Promise<{ carrierSid: string }>;
  brandStatus(carrierSid: string, form: BrandInput): Promise<ReviewResult<'pending' | 'verified' | 'failed'>>;
  submitCampaign(campaign: CampaignSubmission): Promise<CampaignRegistration>;
  campaignStatus(registration: CampaignRegistration, form: CampaignInput): Promise<ReviewResult<'pending' | 'approved' | 'rejected'>>;
  /** Adds a number to a campaign; "pending" means ask again on the next poll. */
  assignNumber(assignment: NumberAssignment): Promise<ReviewResult<'pending' | 'assigned' | 'failed'>>;
  submitTollFree(submission: TollFreeSubmission): Promise<{ carrierSid: string }>;
  tollFreeStatus(carrierSid: string, form: TollFreeInput): Promise<TollFreeReview>;
  /** Stops timers and connections. */
  close(): Promise<void>;
}

/** The setup carrier the configuration names: Twilio when `config.carrier` is twilio, else the simulator. */
export async function createSetupCarrier(config: Config): Promise<SetupCarrier> {
  if (config.carrier === 'twilio') {
    const { TwilioSetupCarrier } = await import('./twilio.ts');
    return new TwilioSetupCarrier(config);
  }
  const { SimulatorSetupCarrier } = await import('./simulator.ts');
  return new SimulatorSetupCarrier({ delayMs: config.setupSimulatorDelayMs });
}
