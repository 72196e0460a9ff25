// Valid messaging-setup forms and small helpers for the setup tests.
import type { BrandInput, CampaignInput, TollFreeInput } from '@threadline/sdk';
import { createDb } from '../../db/client.ts';

/** A brand that the simulator verifies. */
export const validBrand: BrandInput = {
  legalName: 'Acme Plumbing LLC',
  businessType: 'private',
  taxId: '12-3456789',
  taxIdCountry: 'US',
  industry: 'CONSTRUCTION',
  website: 'https://acme-plumbing.example.com',
  address: { street: '100 Main Street', city: 'Tampa', region: 'FL', postalCode: '33602', country: 'US' },
  contact: { firstName: 'Ana', lastName: 'Reyes', email: 'ana@acme-plumbing.example.com', phone: '+18135550100' },
};

/** A campaign that the simulator approves (a sample says how to opt out). */
export const validCampaign: CampaignInput = {
  useCase: 'CUSTOMER_CARE',
  description: 'Appointment reminders and replies to customers who contacted Acme Plumbing about a repair.',
  messageFlow: 'Customers give their mobile number and tick an SMS consent box on the booking form at acme-plumbing.example.com/book.',
  samples: [
    'Hi Sam, your Acme Plumbing visit is booked for Tue 9am. Reply STOP to opt out.',
    'Your technician Ana is on the way and will arrive in about 20 minutes.',
  ],
  hasLinks: false,
  hasPhoneNumbers: false,
  optInKeywords: ['START'],
  optInMessage: 'Acme Plumbing: you are subscribed to appointment texts. Reply STOP to opt out.',
  optOutKeywords: ['STOP', 'UNSUBSCRIBE'],
  optOutMessage: 'Acme Plumbing: you are unsubscribed and will get no more texts.',
  helpKeywords: ['HELP'],
  helpMessage: 'Acme Plumbing: call (813) 555-0100 or email help@acme-plumbing.example.com for help.',
  ageGated: false,
  directLending: false,
};

/** A toll-free verification that the simulator approves. */
export const validTollFree: TollFreeInput = {
  businessName: 'Acme Plumbing LLC',
  website: 'https://acme-plumbing.example.com',
  notificationEmail: 'ops@acme-plumbing.example.com',
  useCaseCategories: ['CUSTOMER_CARE', 'ACCOUNT_NOTIFICATIONS'],
  useCaseSummary: 'Appointment reminders and replies to customers who asked for a repair quote.',
  productionMessageSample: 'Acme Plumbing: your visit is booked for Tue 9am. Reply STOP to opt out.',
  optInType: 'web-form',
  optInImageUrls: ['https://acme-plumbing.example.com/consent-form.png'],
  monthlyVolume: '1,000',
};

/** Adds tracking numbers to a seeded business: a fresh US local, a toll-free, and one ending in 0000 that the simulator fails to assign. */
export async function addSetupNumbers(databaseUrl: string, businessId: string) {
  const db = createDb(databaseUrl);
  const suffix = String(Math.floor(Math.random() * 900) + 100);
  try {
    const local = await db.trackingNumber.create({
      data: { businessId, e164: `+1727555${suffix}1`, friendlyName: 'St Pete Local', country: 'US', type: 'local' },
    });
    const failing = await db.trackingNumber.create({
      data: { businessId, e164: `+1727${suffix}0000`, friendlyName: 'Clearwater Local', country: 'US', type: 'local' },
    });
    const tollFree = await db.trackingNumber.create({
      data: { businessId, e164: `+1888555${suffix}2`, friendlyName: 'Toll-free Main', country: 'US', type: 'toll-free' },
    });
    const voiceOnly = await db.trackingNumber.create({
      data: { businessId, e164: `+1813555${suffix}3`, friendlyName: 'Voice Only', country: 'US', type: 'local', smsCapable: false },
    });
    return { localId: local.id, failingId: failing.id, tollFreeId: tollFree.id, voiceOnlyId: voiceOnly.id, tollFreeE164: tollFree.e164, localE164: local.e164 };
  } finally {
    await db.$disconnect();
  }
}

/** A business with no brand and no campaign yet (seedBusiness registers both), and its numbers. */
export async function unregisterBusiness(databaseUrl: string, businessId: string): Promise<void> {
  const db = createDb(databaseUrl);
  try {
    await db.trackingNumber.updateMany({ where: { businessId }, data: { campaignId: null, assignmentStatus: 'unassigned' } });
    await db.campaign.deleteMany({ where: { businessId } });
    await db.brand.deleteMany({ where: { businessId } });
  } finally {
    await db.$disconnect();
  }
}

/** Polls `check` until it returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
