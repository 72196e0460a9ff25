// The setup poller: sends submitted brands, campaigns, number assignments and toll-free
// verifications to the setup carrier and follows their reviews until they end. Carrier reviews take
// from seconds (simulator) to days (Twilio), and Twilio's status callbacks do not cover every item,
// so the server asks. Each outcome is applied with a conditional update (only if the item is still
// in the state that was asked about), so a user's change in between is never overwritten.
//
// Run one poller per deployment: two processes polling at once could both send a new item.
import type { BrandInput, CampaignInput, TollFreeInput } from '@threadline/sdk';
import type { Services } from '../../services.ts';
import { createSetupCarrier, SetupCarrierError, type SetupCarrier } from '../../carrier/setup/index.ts';
import { applySetupChange } from './changes.ts';

type PollServices = Pick<Services, 'config' | 'db' | 'bus'>;

/** A running poller. */
export interface SetupPoller {
  readonly carrier: SetupCarrier;
  /** One pass over every pending item (waits for a pass already running). */
  runOnce(): Promise<void>;
  /** Stops polling, waits for the current pass, and closes the carrier if the poller created it. */
  stop(): Promise<void>;
}

/** Options of `startSetupPoller`. */
export interface SetupPollerOptions {
  /** Defaults to the configured carrier's (createSetupCarrier). */
  carrier?: SetupCarrier;
  /** Milliseconds between passes; defaults to config.setupPollIntervalMs. */
  intervalMs?: number;
  /** Items of each kind per pass. */
  batchSize?: number;
}

// Forms were validated when they were submitted and stored in their normalized form.
function form<T>(data: string | null): T {
  return JSON.parse(data ?? '{}') as T;
}

/** Whether an error means "refused" (store the reason) rather than "try again later". */
function refusal(error: unknown): string | null {
  if (error instanceof SetupCarrierError && !error.retryable) return error.message;
  return null;
}

function report(what: string, id: string, error: unknown): void {
  // Retryable trouble (network, carrier 5xx): the item stays pending and the next pass tries again.
  console.warn(`setup poller: ${what} ${id} will be retried:`, error instanceof Error ? error.message : error);
}

async function pollBrands(services: PollServices, carrier: SetupCarrier, take: number): Promise<void> {
  const brands = await services.db.brand.findMany({
    where: { status: 'pending' },
    include: { business: { select: { name: true } } },
    orderBy: { submittedAt: 'asc' },
    take,
  });
  for (const brand of brands) {
    const finish = (status: 'verified' | 'failed', reason: string | null) =>
      applySetupChange(services, brand.businessId, async (tx) => {
        const { count } = await tx.brand.updateMany({
          where: { id: brand.id, status: 'pending', submittedAt: brand.submittedAt },
          data: { status, failureReason: reason },
        });
        return { result: null, changes: count ? [{ kind: 'brand' as const, id: brand.id, status }] : [] };
      });
    try {
      if (!brand.carrierSid) {
        const { carrierSid } = await carrier.submitBrand({
          businessId: brand.businessId,
          businessName: brand.business.name,
          brandId: brand.id,
          form: form<BrandInput>(brand.data),
        });
        await services.db.brand.updateMany({ where: { id: brand.id, status: 'pending', carrierSid: null, submittedAt: brand.submittedAt }, data: { carrierSid } });
        continue;
      }
      const review = await carrier.brandStatus(brand.carrierSid, form<BrandInput>(brand.data));
      if (review.status !== 'pending') await finish(review.status, review.reason);
    } catch (error) {
      const reason = refusal(error);
      if (reason) await finish('failed', reason);
      else report('brand', brand.id, error);
    }
  }
}

async function pollCampaigns(services: PollServices, carrier: SetupCarrier, take: number): Promise<void> {
  const campaigns = await services.db.campaign.findMany({
    where: { status: 'pending' },
    include: { business: { select: { name: true, brand: { select: { carrierSid: true } } } } },
    orderBy: { submittedAt: 'asc' },
    take,
  });
  for (const campaign of campaigns) {
    const finish = (status: 'approved' | 'rejected', reason: string | null) =>
      applySetupChange(services, campaign.businessId, async (tx) => {
        const { count } = await tx.campaign.updateMany({
          where: { id: campaign.id, status: 'pending', submittedAt: campaign.submittedAt },
          data: { status, rejectionReason: reason },
        });
        return { result: null, changes: count ? [{ kind: 'campaign' as const, id: campaign.id, status }] : [] };
      });
    try {
      if (!campaign.carrierSid) {
        const registration = await carrier.submitCampaign({
          businessId: campaign.businessId,
          businessName: campaign.business.name,
          campaignId: campaign.id,
          brandCarrierSid: campaign.business.brand?.carrierSid ?? null,
          messagingServiceSid: campaign.messagingServiceSid,
          form: form<CampaignInput>(campaign.data),
        });
        await services.db.campaign.updateMany({
          where: { id: campaign.id, status: 'pending', carrierSid: null, submittedAt: campaign.submittedAt },
          data: { carrierSid: registration.carrierSid, messagingServiceSid: registration.messagingServiceSid },
        });
        continue;
      }
      const review = await carrier.campaignStatus(
        { carrierSid: campaign.carrierSid, messagingServiceSid: campaign.messagingServiceSid },
        form<CampaignInput>(campaign.data),
      );
      if (review.status !== 'pending') await finish(review.status, review.reason);
    } catch (error) {
      const reason = refusal(error);
      if (reason) await finish('rejected', reason);
      else report('campaign', campaign.id, error);
    }
  }
}

async function pollAssignments(services: PollServices, carrier: SetupCarrier, take: number): Promise<void> {
  const numbers = await services.db.trackingNumber.findMany({
    where: { assignmentStatus: 'pending', campaignId: { not: null } },
    include: { campaign: true },
    orderBy: { id: 'asc' },
    take,
  });
  for (const number of numbers) {
    const campaign = number.campaign!;
    const finish = (status: 'assigned' | 'failed', reason: string | null) =>
      applySetupChange(services, number.businessId, async (tx) => {
        const { count } = await tx.trackingNumber.updateMany({
          where: { id: number.id, assignmentStatus: 'pending', campaignId: campaign.id },
          data: { assignmentStatus: status, assignmentError: reason },
        });
        return { result: null, changes: count ? [{ kind: 'assignment' as const, id: number.id, status }] : [] };
      });
    try {
      const result = await carrier.assignNumber({
        trackingNumberId: number.id,
        e164: number.e164,
        numberCarrierSid: number.carrierSid,
        campaignId: campaign.id,
        campaign: campaign.carrierSid ? { carrierSid: campaign.carrierSid, messagingServiceSid: campaign.messagingServiceSid } : null,
      });
      if (result.status !== 'pending') await finish(result.status, result.reason);
    } catch (error) {
      const reason = refusal(error);
      if (reason) await finish('failed', reason);
      else report('assignment of number', number.id, error);
    }
  }
}

async function pollTollFree(services: PollServices, carrier: SetupCarrier, take: number): Promise<void> {
  const numbers = await services.db.trackingNumber.findMany({
    where: { type: 'toll-free', tollFreeStatus: { in: ['pending_review', 'in_review'] } },
    orderBy: { id: 'asc' },
    take,
  });
  for (const number of numbers) {
    const verification = form<TollFreeInput>(number.tollFreeData);
    const move = (status: string, reason: string | null, editable: boolean) =>
      applySetupChange(services, number.businessId, async (tx) => {
        const { count } = await tx.trackingNumber.updateMany({
          where: { id: number.id, tollFreeStatus: number.tollFreeStatus, tollFreeCarrierSid: number.tollFreeCarrierSid },
          data: { tollFreeStatus: status, tollFreeReason: reason, tollFreeEditable: editable },
        });
        return { result: null, changes: count ? [{ kind: 'toll-free' as const, id: number.id, status }] : [] };
      });
    try {
      if (!number.tollFreeCarrierSid) {
        const brand = await services.db.brand.findUnique({ where: { businessId: number.businessId }, select: { data: true } });
        const { carrierSid } = await carrier.submitTollFree({
          trackingNumberId: number.id,
          e164: number.e164,
          numberCarrierSid: number.carrierSid,
          form: verification,
          brand: brand ? form(brand.data) : null,
        });
        await services.db.trackingNumber.updateMany({
          where: { id: number.id, tollFreeStatus: 'pending_review', tollFreeCarrierSid: null },
          data: { tollFreeCarrierSid: carrierSid },
        });
        continue;
      }
      const review = await carrier.tollFreeStatus(number.tollFreeCarrierSid, verification);
      if (review.status !== number.tollFreeStatus) await move(review.status, review.reason, review.editable);
    } catch (error) {
      // A form the carrier refuses outright is a rejection the user can fix and resubmit.
      const reason = refusal(error);
      if (reason) await move('rejected', reason, true);
      else report('toll-free verification of number', number.id, error);
    }
  }
}

/** One pass over every kind of pending setup item. */
export async function pollSetupOnce(services: PollServices, carrier: SetupCarrier, batchSize = 50): Promise<void> {
  await pollBrands(services, carrier, batchSize);
  await pollCampaigns(services, carrier, batchSize);
  await pollAssignments(services, carrier, batchSize);
  await pollTollFree(services, carrier, batchSize);
}

/**
 * Starts polling pending setup items every `intervalMs` (config.setupPollIntervalMs), with the
 * configured setup carrier. The timer does not keep the process alive on its own.
 * @example
 * const poller = await startSetupPoller(services);
 * // ... on shutdown:
 * await poller.stop();
 */
export async function startSetupPoller(services: PollServices, options: SetupPollerOptions = {}): Promise<SetupPoller> {
  const carrier = options.carrier ?? (await createSetupCarrier(services.config));
  const ownsCarrier = !options.carrier;
  const intervalMs = options.intervalMs ?? services.config.setupPollIntervalMs;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const runOnce = (): Promise<void> => {
    // Passes never overlap: a pass started while one runs waits for it.
    running = running.then(() => pollSetupOnce(services, carrier, options.batchSize)).catch((error: unknown) => {
      // Database trouble: the next pass tries again.
      console.error('setup poller: pass failed:', error);
    });
    return running;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void runOnce().then(schedule), intervalMs);
    timer.unref();
  };
  schedule();

  return {
    carrier,
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      if (ownsCarrier) await carrier.close();
    },
  };
}
