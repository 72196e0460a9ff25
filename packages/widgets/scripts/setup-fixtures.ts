// Messaging-setup fixtures for the tl-messaging-setup browser tests, and the setup poller that
// moves submissions along (the simulator setup carrier, SETUP_SIMULATOR_DELAY_MS per review), as
// the real server runs it. Setup only moves forward (a submitted brand cannot be unsubmitted), so
// every test that submits gets a business of its own, in the state it starts from.
import type { Role } from '@threadline/sdk';
import type { Services } from '../../server/src/services.ts';
import { createSetupCarrier, type SetupCarrier } from '../../server/src/carrier/setup/index.ts';
import { startSetupPoller } from '../../server/src/domain/compliance/poller.ts';
import { validBrand, validCampaign } from '../../server/src/domain/compliance/test-fixtures.ts';

/** Where a setup business starts. */
export type SetupStage = 'fresh' | 'brand-verified' | 'campaign-approved';

/** One business for the setup tests: tokens per role and its numbers. */
export interface SetupFixture {
  businessId: string;
  tokens: Record<Role, string>;
  /** US local, US local the simulator fails to assign (ends in 0000), toll-free, Canadian local, US voice-only. */
  numbers: Record<'local' | 'failing' | 'tollFree' | 'canadian' | 'voiceOnly', string>;
  /** The approved campaign (stage `campaign-approved`). */
  campaignId: string | null;
}

/** How many businesses of each stage the tests get. */
const COUNTS: Record<SetupStage, number> = { fresh: 4, 'brand-verified': 2, 'campaign-approved': 2 };

/**
 * Creates the setup businesses and starts the setup poller. `token` mints an embed token.
 * Returns the fixtures (by stage) and a `stop` for the poller.
 */
export async function createSetupFixtures(services: Services, token: (businessId: string, role: Role) => Promise<string>) {
  const { db } = services;
  let serial = 0;
  const create = async (stage: SetupStage): Promise<SetupFixture> => {
    const n = String(serial++).padStart(2, '0');
    const business = await db.business.create({ data: { name: `Setup ${stage} ${n}`, balance: 10_000 } });
    const number = (e164: string, friendlyName: string, country: 'US' | 'CA', type: 'local' | 'toll-free', smsCapable = true) =>
      db.trackingNumber.create({ data: { businessId: business.id, e164, friendlyName, country, type, smsCapable } });
    const local = await number(`+1305555${n}10`, 'Miami Local', 'US', 'local');
    const failing = await number(`+17865${n}0000`, 'Hialeah Local', 'US', 'local');
    const tollFree = await number(`+1877555${n}30`, 'Toll-free Sales', 'US', 'toll-free');
    const canadian = await number(`+1613555${n}40`, 'Ottawa Office', 'CA', 'local');
    const voiceOnly = await number(`+1305555${n}50`, 'Fax Line', 'US', 'local', false);
    let campaignId: string | null = null;
    if (stage !== 'fresh') {
      await db.brand.create({ data: { businessId: business.id, status: 'verified', data: JSON.stringify(validBrand), submittedBy: 'fixture', submittedAt: new Date() } });
    }
    if (stage === 'campaign-approved') {
      const campaign = await db.campaign.create({
        data: { businessId: business.id, status: 'approved', data: JSON.stringify(validCampaign), submittedBy: 'fixture', submittedAt: new Date() },
      });
      campaignId = campaign.id;
    }
    const roles: Role[] = ['owner', 'admin', 'manager', 'viewer'];
    const tokens = Object.fromEntries(await Promise.all(roles.map(async (role) => [role, await token(business.id, role)]))) as Record<Role, string>;
    return {
      businessId: business.id,
      tokens,
      numbers: { local: local.id, failing: failing.id, tollFree: tollFree.id, canadian: canadian.id, voiceOnly: voiceOnly.id },
      campaignId,
    };
  };
  const fixtures: Record<SetupStage, SetupFixture[]> = { fresh: [], 'brand-verified': [], 'campaign-approved': [] };
  for (const stage of Object.keys(COUNTS) as SetupStage[]) {
    for (let index = 0; index < COUNTS[stage]; index++) fixtures[stage].push(await create(stage));
  }
  const businesses = new Set(Object.values(fixtures).flatMap((list) => list.map((fixture) => fixture.businessId)));
  const numbers = new Set(Object.values(fixtures).flatMap((list) => list.flatMap((fixture) => Object.values(fixture.numbers))));
  const poller = await startSetupPoller(services, { carrier: onlyFor(await createSetupCarrier(services.config), businesses, numbers) });
  return { fixtures, stop: () => poller.stop() };
}

/** The carrier id handed out for items outside the setup fixtures: they stay under review for ever. */
const HELD = 'held-by-widget-tests';

/**
 * The simulator, for the setup businesses only. Other fixtures were seeded straight into a state
 * (e.g. Acme's toll-free number "pending review", which the composer tests show as a warning);
 * their reviews never end, so they keep that state for the whole run.
 */
function onlyFor(carrier: SetupCarrier, businesses: Set<string>, numbers: Set<string>): SetupCarrier {
  return {
    name: carrier.name,
    submitBrand: (brand) => (businesses.has(brand.businessId) ? carrier.submitBrand(brand) : Promise.resolve({ carrierSid: HELD })),
    brandStatus: (sid, form) => (sid === HELD ? Promise.resolve({ status: 'pending', reason: null }) : carrier.brandStatus(sid, form)),
    submitCampaign: (campaign) =>
      businesses.has(campaign.businessId) ? carrier.submitCampaign(campaign) : Promise.resolve({ carrierSid: HELD, messagingServiceSid: null }),
    campaignStatus: (registration, form) =>
      registration.carrierSid === HELD ? Promise.resolve({ status: 'pending', reason: null }) : carrier.campaignStatus(registration, form),
    assignNumber: (assignment) =>
      numbers.has(assignment.trackingNumberId) ? carrier.assignNumber(assignment) : Promise.resolve({ status: 'pending', reason: null }),
    submitTollFree: (submission) => (numbers.has(submission.trackingNumberId) ? carrier.submitTollFree(submission) : Promise.resolve({ carrierSid: HELD })),
    tollFreeStatus: (sid, form) =>
      sid === HELD ? Promise.resolve({ status: 'pending_review', reason: null, editable: false }) : carrier.tollFreeStatus(sid, form),
    close: () => carrier.close(),
  };
}
