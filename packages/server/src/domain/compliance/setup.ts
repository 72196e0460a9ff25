// What an owner or admin does in messaging setup: save and submit the 10DLC brand and campaigns,
// assign US local numbers to an approved campaign, save and submit toll-free verifications.
// Every write is scoped to the caller's business, recorded in SetupSubmission (who, role, when,
// what), and logged as live events in the same transaction. The carrier is not called here: a
// submission becomes "pending" and the setup poller sends it (see poller.ts), so a slow or
// unreachable carrier never fails a request and nothing is half-stored.
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
} from '@threadline/sdk';
import type { z } from 'zod';
import { ApiError, invalid, notFound } from '../../errors.ts';
import { canManageSetup } from '../../middleware/auth/index.ts';
import { validationError } from '../../routes/router.ts';
import type { EmbedAuth, Services } from '../../services.ts';
import { numbersWithReadiness } from '../numbers/index.ts';
import type { Tx } from '../threads/activity.ts';
import { applySetupChange } from './changes.ts';
import { brandEditable, campaignEditable, campaignInclude, toBrandDto, toCampaignDto, toSetupNumberDto, tollFreeEditable } from './dto.ts';
import { brandInputSchema, campaignInputSchema, tollFreeInputSchema } from './schemas.ts';

type SetupServices = Pick<Services, 'db' | 'bus'>;
type SubmissionKind = 'brand' | 'campaign' | 'assignment' | 'toll-free';

function conflict(message: string, details?: Record<string, unknown>): ApiError {
  return new ApiError(409, 'conflict', message, details);
}

/** Records who changed what, and when: the audit trail of messaging setup. */
async function audit(tx: Tx, auth: EmbedAuth, kind: SubmissionKind, subjectId: string, action: string, data: unknown): Promise<void> {
  await tx.setupSubmission.create({
    data: { businessId: auth.businessId, kind, subjectId, userId: auth.userId, role: auth.role, data: JSON.stringify({ action, ...(data as object) }) },
  });
}

/** Validates a saved draft as a submission; 422 names the first missing or wrong field. */
function complete<S extends z.ZodType>(schema: S, stored: string | null): z.output<S> {
  const parsed = schema.safeParse(stored ? JSON.parse(stored) : {});
  if (!parsed.success) throw validationError(parsed.error, 'form');
  return parsed.data;
}

// ---------------------------------------------------------------- reading

/** Everything the setup screen shows: brand, campaigns, every number with its registration. */
export async function getMessagingSetup(services: SetupServices, auth: EmbedAuth): Promise<MessagingSetup> {
  const { businessId } = auth;
  const [brand, campaigns, numbers] = await Promise.all([
    services.db.brand.findUnique({ where: { businessId } }),
    services.db.campaign.findMany({ where: { businessId }, include: campaignInclude, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    numbersWithReadiness(services.db, businessId),
  ]);
  return {
    brand: brand ? toBrandDto(brand) : null,
    campaigns: campaigns.map(toCampaignDto),
    numbers: numbers.map(toSetupNumberDto),
    canEdit: canManageSetup(auth.role),
  };
}

async function loadBrand(services: SetupServices, businessId: string): Promise<Brand> {
  const row = await services.db.brand.findUniqueOrThrow({ where: { businessId } });
  return toBrandDto(row);
}

async function loadCampaign(services: SetupServices, businessId: string, id: string): Promise<Campaign> {
  const row = await services.db.campaign.findFirstOrThrow({ where: { id, businessId }, include: campaignInclude });
  return toCampaignDto(row);
}

async function loadNumbers(services: SetupServices, businessId: string, ids: string[]): Promise<SetupNumber[]> {
  const numbers = await numbersWithReadiness(services.db, businessId, { id: { in: ids } });
  const order = new Map(ids.map((id, index) => [id, index]));
  return numbers.sort((a, b) => (order.get(a.row.id) ?? 0) - (order.get(b.row.id) ?? 0)).map(toSetupNumberDto);
}

// ---------------------------------------------------------------- brand

function brandLocked(status: string): ApiError {
  return status === 'verified'
    ? conflict('The brand is verified and can no longer be changed', { field: 'brand', status })
    : conflict('The brand was submitted and is pending verification: it can be changed only if verification fails', { field: 'brand', status });
}

/** Saves the brand form as a draft (creating the brand on first save). Refused once submitted, until it fails. */
export async function saveBrandDraft(services: SetupServices, auth: EmbedAuth, form: BrandDraft): Promise<Brand> {
  const { businessId } = auth;
  await applySetupChange(services, businessId, async (tx) => {
    const existing = await tx.brand.findUnique({ where: { businessId } });
    if (existing && !brandEditable(existing.status)) throw brandLocked(existing.status);
    const data = JSON.stringify(form);
    // A failed brand keeps its status and reason while it is being fixed: they say what to fix.
    const brand = existing
      ? await tx.brand.update({ where: { id: existing.id }, data: { data } })
      : await tx.brand.create({ data: { businessId, data } });
    await audit(tx, auth, 'brand', brand.id, 'save-draft', { form });
    return { result: brand.id, changes: [{ kind: 'brand', id: brand.id, status: brand.status }] };
  });
  return loadBrand(services, businessId);
}

/** Submits the saved brand for verification: draft or failed → pending. */
export async function submitBrand(services: SetupServices, auth: EmbedAuth): Promise<Brand> {
  const { businessId } = auth;
  await applySetupChange(services, businessId, async (tx) => {
    const existing = await tx.brand.findUnique({ where: { businessId } });
    if (!existing) throw conflict('Save the brand form before submitting it', { field: 'brand', step: 'brand' });
    if (!brandEditable(existing.status)) throw brandLocked(existing.status);
    const form = complete(brandInputSchema, existing.data);
    const { count } = await tx.brand.updateMany({
      where: { id: existing.id, status: existing.status },
      data: {
        status: 'pending',
        failureReason: null,
        carrierSid: null,
        data: JSON.stringify(form),
        submittedBy: auth.userId,
        submittedAt: new Date(),
      },
    });
    if (!count) throw conflict('The brand changed while it was being submitted; reload and try again', { field: 'brand' });
    await audit(tx, auth, 'brand', existing.id, 'submit', { form });
    return { result: existing.id, changes: [{ kind: 'brand', id: existing.id, status: 'pending' }] };
  });
  return loadBrand(services, businessId);
}

// ---------------------------------------------------------------- campaigns

async function findCampaign(tx: Tx, businessId: string, id: string) {
  const campaign = await tx.campaign.findFirst({ where: { id, businessId } });
  if (!campaign) throw notFound('Campaign', id);
  return campaign;
}

function campaignLocked(status: string): ApiError {
  return status === 'approved'
    ? conflict('The campaign is approved and can no longer be changed; register a new campaign instead', { field: 'campaign', status })
    : conflict('The campaign was submitted and is under review: it can be changed only if it is rejected', { field: 'campaign', status });
}

/** Starts a new campaign as a draft. */
export async function createCampaign(services: SetupServices, auth: EmbedAuth, form: CampaignDraft): Promise<Campaign> {
  const { businessId } = auth;
  const id = await applySetupChange(services, businessId, async (tx) => {
    const campaign = await tx.campaign.create({ data: { businessId, data: JSON.stringify(form) } });
    await audit(tx, auth, 'campaign', campaign.id, 'save-draft', { form });
    return { result: campaign.id, changes: [{ kind: 'campaign', id: campaign.id, status: campaign.status }] };
  });
  return loadCampaign(services, businessId, id);
}

/** Saves a campaign's form. Refused while it is under review or once approved. */
export async function updateCampaign(services: SetupServices, auth: EmbedAuth, id: string, form: CampaignDraft): Promise<Campaign> {
  const { businessId } = auth;
  await applySetupChange(services, businessId, async (tx) => {
    const campaign = await findCampaign(tx, businessId, id);
    if (!campaignEditable(campaign.status)) throw campaignLocked(campaign.status);
    await tx.campaign.update({ where: { id }, data: { data: JSON.stringify(form) } });
    await audit(tx, auth, 'campaign', id, 'save-draft', { form });
    return { result: id, changes: [{ kind: 'campaign', id, status: campaign.status }] };
  });
  return loadCampaign(services, businessId, id);
}

/** Submits a campaign for review once the brand is verified: draft or rejected → pending. */
export async function submitCampaign(services: SetupServices, auth: EmbedAuth, id: string): Promise<Campaign> {
  const { businessId } = auth;
  await applySetupChange(services, businessId, async (tx) => {
    const campaign = await findCampaign(tx, businessId, id);
    if (!campaignEditable(campaign.status)) throw campaignLocked(campaign.status);
    const brand = await tx.brand.findUnique({ where: { businessId }, select: { status: true } });
    if (brand?.status !== 'verified') {
      const brandStatus = brand?.status ?? 'missing';
      const reasons: Record<string, string> = {
        missing: 'no brand is registered yet',
        draft: 'the brand has not been submitted',
        pending: 'the brand is still being verified',
        failed: 'brand verification failed',
      };
      const why = reasons[brandStatus] ?? `the brand is ${brandStatus}`;
      throw conflict(`Step 1 (brand) comes first: a campaign can be submitted once the brand is verified, and ${why}`, {
        field: 'brand',
        step: 'brand',
        brandStatus,
      });
    }
    const form = complete(campaignInputSchema, campaign.data);
    const { count } = await tx.campaign.updateMany({
      where: { id, status: campaign.status },
      // The messaging service stays: a resubmission replaces the rejected campaign on it.
      data: { status: 'pending', rejectionReason: null, carrierSid: null, data: JSON.stringify(form), submittedBy: auth.userId, submittedAt: new Date() },
    });
    if (!count) throw conflict('The campaign changed while it was being submitted; reload and try again', { field: 'campaign' });
    await audit(tx, auth, 'campaign', id, 'submit', { form });
    return { result: id, changes: [{ kind: 'campaign', id, status: 'pending' }] };
  });
  return loadCampaign(services, businessId, id);
}

// ---------------------------------------------------------------- number assignment

/**
 * Assigns US local numbers to an approved campaign. Every number is checked before any is changed;
 * each then goes pending on its own and the poller moves it to assigned or failed.
 * A number already in (or joining) this campaign is left as it is.
 */
export async function assignNumbers(services: SetupServices, auth: EmbedAuth, input: AssignNumbersInput): Promise<AssignNumbersResult> {
  const { businessId } = auth;
  const ids = [...new Set(input.trackingNumberIds)];
  await applySetupChange(services, businessId, async (tx) => {
    const campaign = await tx.campaign.findFirst({ where: { id: input.campaignId, businessId } });
    if (!campaign) throw new ApiError(404, 'not_found', 'Campaign not found', { field: 'campaignId', id: input.campaignId });
    if (campaign.status !== 'approved') {
      throw conflict(`Numbers can be assigned only to an approved campaign; this one is ${campaign.status}`, {
        field: 'campaignId',
        step: 'campaign',
        campaignStatus: campaign.status,
      });
    }
    const rows = await tx.trackingNumber.findMany({ where: { businessId, id: { in: ids } } });
    const byId = new Map(rows.map((row) => [row.id, row]));
    const toAssign: string[] = [];
    input.trackingNumberIds.forEach((id, index) => {
      const field = `trackingNumberIds.${index}`;
      const row = byId.get(id);
      if (!row) throw new ApiError(404, 'not_found', 'Tracking number not found', { field, id });
      if (row.type === 'toll-free') throw invalid(field, `${row.e164} is toll-free: toll-free numbers are verified with the toll-free form, not 10DLC`);
      if (row.country !== 'US') throw invalid(field, `${row.e164} is a Canadian local number: it needs no registration`);
      if (!row.smsCapable) throw invalid(field, `${row.e164} can't send texts, so it cannot join a campaign`);
      const inAnother = row.campaignId && row.campaignId !== campaign.id && ['pending', 'assigned'].includes(row.assignmentStatus);
      if (inAnother) throw conflict(`${row.e164} is already assigned to another campaign`, { field, campaignId: row.campaignId });
      const alreadyHere = row.campaignId === campaign.id && ['pending', 'assigned'].includes(row.assignmentStatus);
      if (!alreadyHere && !toAssign.includes(id)) toAssign.push(id);
    });
    if (toAssign.length) {
      await tx.trackingNumber.updateMany({
        where: { businessId, id: { in: toAssign } },
        data: { campaignId: campaign.id, assignmentStatus: 'pending', assignmentError: null },
      });
    }
    await audit(tx, auth, 'assignment', campaign.id, 'assign', { campaignId: campaign.id, trackingNumberIds: ids });
    return {
      result: null,
      changes: [
        { kind: 'campaign', id: campaign.id, status: campaign.status },
        ...toAssign.map((id) => ({ kind: 'assignment' as const, id, status: 'pending' })),
      ],
    };
  });
  return { numbers: await loadNumbers(services, businessId, ids) };
}

// ---------------------------------------------------------------- toll-free verification

async function findTollFreeNumber(tx: Tx, businessId: string, id: string) {
  const row = await tx.trackingNumber.findFirst({ where: { id, businessId } });
  if (!row) throw new ApiError(404, 'not_found', 'Tracking number not found', { field: 'trackingNumberId', id });
  if (row.type !== 'toll-free') {
    throw invalid('trackingNumberId', `${row.e164} is not toll-free: ${row.country === 'CA' ? 'Canadian local numbers need no registration' : 'US local numbers are registered through 10DLC'}`);
  }
  if (!row.smsCapable) throw invalid('trackingNumberId', `${row.e164} can't send texts, so it needs no verification`);
  if (!tollFreeEditable(row.tollFreeStatus, row.tollFreeEditable)) {
    const message =
      row.tollFreeStatus === 'rejected'
        ? 'The verification was rejected and the carrier does not allow editing it; contact support to submit a new one'
        : row.tollFreeStatus === 'approved'
          ? 'The toll-free verification is approved and can no longer be changed'
          : 'The toll-free verification is under review: it can be changed only if it is rejected';
    throw conflict(message, { field: 'trackingNumberId', status: row.tollFreeStatus });
  }
  return row;
}

/** Saves a toll-free number's verification form. Refused while under review, once approved, or when rejected without edits. */
export async function saveTollFreeDraft(services: SetupServices, auth: EmbedAuth, trackingNumberId: string, form: TollFreeDraft): Promise<SetupNumber> {
  const { businessId } = auth;
  await applySetupChange(services, businessId, async (tx) => {
    const row = await findTollFreeNumber(tx, businessId, trackingNumberId);
    await tx.trackingNumber.update({ where: { id: row.id }, data: { tollFreeData: JSON.stringify(form) } });
    await audit(tx, auth, 'toll-free', row.id, 'save-draft', { form });
    return { result: null, changes: [{ kind: 'toll-free', id: row.id, status: row.tollFreeStatus }] };
  });
  const [number] = await loadNumbers(services, businessId, [trackingNumberId]);
  return number!;
}

/** Submits (or resubmits after an editable rejection) a toll-free verification: → pending review. */
export async function submitTollFree(services: SetupServices, auth: EmbedAuth, trackingNumberId: string): Promise<SetupNumber> {
  const { businessId } = auth;
  await applySetupChange(services, businessId, async (tx) => {
    const row = await findTollFreeNumber(tx, businessId, trackingNumberId);
    const form = complete(tollFreeInputSchema, row.tollFreeData);
    const { count } = await tx.trackingNumber.updateMany({
      where: { id: row.id, tollFreeStatus: row.tollFreeStatus },
      // The carrier sid is cleared so the poller sends this form; Twilio's carrier finds the
      // rejected verification of the number itself and edits it rather than opening a second one.
      data: { tollFreeStatus: 'pending_review', tollFreeReason: null, tollFreeEditable: false, tollFreeCarrierSid: null, tollFreeData: JSON.stringify(form) },
    });
    if (!count) throw conflict('The verification changed while it was being submitted; reload and try again', { field: 'trackingNumberId' });
    await audit(tx, auth, 'toll-free', row.id, 'submit', { form });
    return { result: null, changes: [{ kind: 'toll-free', id: row.id, status: 'pending_review' }] };
  });
  const [number] = await loadNumbers(services, businessId, [trackingNumberId]);
  return number!;
}
