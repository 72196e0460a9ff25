// In-process setup carrier for the demo and tests. Every review stays pending for `delayMs` after it
// is first seen, then ends with an outcome that depends only on the form, so the demo can show each
// path on purpose:
//   brand      EIN 00-0000000                                  -> failed "EIN does not match legal name"
//   campaign   no sample mentions STOP, "opt out" or "unsubscribe" -> rejected, saying so
//   assignment a number ending in 0000                          -> failed
//   toll-free  sample under 20 characters, or a web/paper form without opt-in images -> rejected, editable
// Toll-free reviews pass through "in review" for a second `delayMs`, as Twilio's do.
import { randomBytes } from 'node:crypto';
import type { BrandInput, CampaignInput, TollFreeInput } from '@threadline/sdk';
import { OPT_IN_TYPES_NEEDING_IMAGES } from '@threadline/sdk';
import type {
  BrandSubmission,
  CampaignRegistration,
  CampaignSubmission,
  NumberAssignment,
  ReviewResult,
  SetupCarrier,
  TollFreeReview,
  TollFreeSubmission,
} from './index.ts';

/** Options of the simulator. */
export interface SimulatorSetupOptions {
  /** How long each review stays pending (SETUP_SIMULATOR_DELAY_MS). */
  delayMs: number;
  /** The clock, replaceable in tests. */
  now?: () => number;
}

/** The EIN the simulator refuses, to demonstrate a failed brand. */
export const SIMULATOR_FAILING_EIN = '00-0000000';
/** The reason a brand with that EIN fails. */
export const SIMULATOR_EIN_REASON = 'EIN does not match legal name';
/** The reason a campaign without opt-out wording is rejected. */
export const SIMULATOR_OPT_OUT_REASON =
  'Sample messages never tell recipients how to opt out: add wording such as "Reply STOP to unsubscribe" to at least one sample';

const OPT_OUT_WORDING = /\bstop\b|opt[\s-]?out|unsubscribe/i;

function sid(prefix: string): string {
  return `${prefix}${randomBytes(16).toString('hex')}`;
}

/** The in-process setup carrier. Holds no state a restart would miss beyond when it first saw each item. */
export class SimulatorSetupCarrier implements SetupCarrier {
  readonly name = 'simulator' as const;
  readonly #firstSeen = new Map<string, number>();
  readonly #delayMs: number;
  readonly #now: () => number;

  constructor(options: SimulatorSetupOptions) {
    this.#delayMs = options.delayMs;
    this.#now = options.now ?? Date.now;
  }

  /** Milliseconds since the item was first seen (an item unknown after a restart starts now). */
  #elapsed(key: string): number {
    const now = this.#now();
    const first = this.#firstSeen.get(key);
    if (first === undefined) {
      this.#firstSeen.set(key, now);
      return 0;
    }
    return now - first;
  }

  async submitBrand(brand: BrandSubmission): Promise<{ carrierSid: string }> {
    void brand;
    const carrierSid = sid('BN');
    this.#elapsed(carrierSid);
    return { carrierSid };
  }

  async brandStatus(carrierSid: string, form: BrandInput): Promise<ReviewResult<'pending' | 'verified' | 'failed'>> {
    if (this.#elapsed(carrierSid) < this.#delayMs) return { status: 'pending', reason: null };
    if (form.taxId === SIMULATOR_FAILING_EIN) return { status: 'failed', reason: SIMULATOR_EIN_REASON };
    return { status: 'verified', reason: null };
  }

  async submitCampaign(campaign: CampaignSubmission): Promise<CampaignRegistration> {
    void campaign;
    const registration = { carrierSid: sid('QE'), messagingServiceSid: sid('MG') };
    this.#elapsed(registration.carrierSid);
    return registration;
  }

  async campaignStatus(registration: CampaignRegistration, form: CampaignInput): Promise<ReviewResult<'pending' | 'approved' | 'rejected'>> {
    if (this.#elapsed(registration.carrierSid) < this.#delayMs) return { status: 'pending', reason: null };
    if (!form.samples.some((sample) => OPT_OUT_WORDING.test(sample))) return { status: 'rejected', reason: SIMULATOR_OPT_OUT_REASON };
    return { status: 'approved', reason: null };
  }

  async assignNumber(assignment: NumberAssignment): Promise<ReviewResult<'pending' | 'assigned' | 'failed'>> {
    if (this.#elapsed(`${assignment.trackingNumberId}:${assignment.campaignId}`) < this.#delayMs) return { status: 'pending', reason: null };
    if (assignment.e164.endsWith('0000')) {
      return { status: 'failed', reason: 'The carrier could not enable this number for 10DLC texting (the simulator fails numbers ending in 0000)' };
    }
    return { status: 'assigned', reason: null };
  }

  async submitTollFree(submission: TollFreeSubmission): Promise<{ carrierSid: string }> {
    void submission;
    const carrierSid = sid('HH');
    this.#elapsed(carrierSid);
    return { carrierSid };
  }

  async tollFreeStatus(carrierSid: string, form: TollFreeInput): Promise<TollFreeReview> {
    // A verification this server never submitted (seeded or imported: no form) is not ours to
    // review; it keeps the status it came with, like the demo's toll-free number pending review.
    if (typeof form?.productionMessageSample !== 'string') return { status: 'pending_review', reason: null, editable: false };
    const elapsed = this.#elapsed(carrierSid);
    if (elapsed < this.#delayMs) return { status: 'pending_review', reason: null, editable: false };
    if (elapsed < 2 * this.#delayMs) return { status: 'in_review', reason: null, editable: false };
    if (form.productionMessageSample.trim().length < 20) {
      return { status: 'rejected', reason: 'The production message sample is too short to show what recipients receive (under 20 characters)', editable: true };
    }
    if ((OPT_IN_TYPES_NEEDING_IMAGES as readonly string[]).includes(form.optInType) && form.optInImageUrls.length === 0) {
      return { status: 'rejected', reason: `Opt-in proof missing: add image URLs of the ${form.optInType.replace('-', ' ')} people sign`, editable: true };
    }
    return { status: 'approved', reason: null, editable: false };
  }

  async close(): Promise<void> {
    this.#firstSeen.clear();
  }
}
