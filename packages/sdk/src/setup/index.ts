import type { Http } from '../http.ts';
import type {
  AssignNumbersInput,
  AssignNumbersResult,
  Brand,
  BrandDraft,
  Campaign,
  CampaignDraft,
  MessagingSetup,
  SetupNumber,
  TollFreeDraft,
} from '../types.ts';

/** Messaging setup: 10DLC brand, campaigns and number assignment, toll-free verification. Every role reads; owners and admins write. */
export interface SetupManager {
  /** Brand, campaigns and every number with its registration. Changes arrive as `setup.updated` / `number.updated`. */
  get(): Promise<MessagingSetup>;
  /** Saves the brand form as a draft (409 while pending or once verified). */
  saveBrand(draft: BrandDraft): Promise<Brand>;
  /** Submits the saved brand for verification. */
  submitBrand(): Promise<Brand>;
  /** Starts a campaign as a draft. */
  createCampaign(draft: CampaignDraft): Promise<Campaign>;
  /** Saves a campaign's form (409 under review or once approved). */
  saveCampaign(campaignId: string, draft: CampaignDraft): Promise<Campaign>;
  /** Submits a saved campaign for review (needs a verified brand). */
  submitCampaign(campaignId: string): Promise<Campaign>;
  /** Assigns US local numbers to an approved campaign. */
  assignNumbers(input: AssignNumbersInput): Promise<AssignNumbersResult>;
  /** Saves a toll-free number's verification form. */
  saveTollFree(trackingNumberId: string, draft: TollFreeDraft): Promise<SetupNumber>;
  /** Submits (or resubmits) a toll-free verification. */
  submitTollFree(trackingNumberId: string): Promise<SetupNumber>;
}

const BASE = '/v1/messaging-setup';
const id = encodeURIComponent;

/** Creates `client.setup`. */
export function createSetupManager(http: Http): SetupManager {
  return {
    get: () => http.request('GET', BASE),
    saveBrand: (draft) => http.request('PUT', `${BASE}/brand`, { body: draft }),
    submitBrand: () => http.request('POST', `${BASE}/brand/submit`),
    createCampaign: (draft) => http.request('POST', `${BASE}/campaigns`, { body: draft }),
    saveCampaign: (campaignId, draft) => http.request('PUT', `${BASE}/campaigns/${id(campaignId)}`, { body: draft }),
    submitCampaign: (campaignId) => http.request('POST', `${BASE}/campaigns/${id(campaignId)}/submit`),
    assignNumbers: (input) => http.request('POST', `${BASE}/assignments`, { body: input }),
    saveTollFree: (trackingNumberId, draft) => http.request('PUT', `${BASE}/toll-free/${id(trackingNumberId)}`, { body: draft }),
    submitTollFree: (trackingNumberId) => http.request('POST', `${BASE}/toll-free/${id(trackingNumberId)}/submit`),
  };
}
