// /v1/messaging-setup through the real app on a real database (SQLite, or PostgreSQL with
// TEST_DATABASE=postgres): every field limit, every status transition (the simulator setup carrier
// on a hand-moved clock, driven by the real poller pass), role refusals, tenant isolation, the
// audit trail and the live events.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import {
  BRAND_LIMITS,
  CAMPAIGN_LIMITS,
  PHONE_MESSAGE,
  TOLL_FREE_LIMITS,
  URL_MESSAGE,
  EMAIL_MESSAGE,
  KEYWORD_MESSAGE,
  countMessage,
  textMessage,
  type AssignNumbersResult,
  type Brand,
  type Campaign,
  type MessagingSetup,
  type SetupNumber,
  type TextLimit,
  type TrackingNumber,
} from '@threadline/sdk';
import { createApp } from '../../app.ts';
import { closeServices, createServices } from '../../create-services.ts';
import { SIMULATOR_EIN_REASON, SIMULATOR_OPT_OUT_REASON, SimulatorSetupCarrier } from '../../carrier/setup/simulator.ts';
import { pollSetupOnce } from '../../domain/compliance/poller.ts';
import { addSetupNumbers, unregisterBusiness, validBrand, validCampaign, validTollFree } from '../../domain/compliance/test-fixtures.ts';
import { createTestDatabase, seedBusiness, testConfig, tokenFor } from '../../testing/harness.ts';

const database = await createTestDatabase();
const config = testConfig(database.url);
const services = await createServices(config, { worker: false });
const app = createApp(services);
const { db } = services;

// Reviews take one "delay" of this clock; tests move it by hand so every step is observable.
let now = 0;
const DELAY = 1000;
const carrier = new SimulatorSetupCarrier({ delayMs: DELAY, now: () => now });
/** One poller pass, then time moves past the review delay. */
async function tick(): Promise<void> {
  await pollSetupOnce(services, carrier);
  now += DELAY;
}
/** Enough passes for any review to end (toll-free goes through two delays). */
async function settle(): Promise<void> {
  for (let i = 0; i < 4; i++) await tick();
}

const a = await seedBusiness(database.url, 'Acme Plumbing');
const b = await seedBusiness(database.url, 'Beta Dental');
await unregisterBusiness(database.url, a.businessId);
const numbersA = await addSetupNumbers(database.url, a.businessId);
const numbersB = await addSetupNumbers(database.url, b.businessId);
const owner = await tokenFor(config, a.businessId, 'owner');
const admin = await tokenFor(config, a.businessId, 'admin');
const manager = await tokenFor(config, a.businessId, 'manager');
const viewer = await tokenFor(config, a.businessId, 'viewer');
const ownerB = await tokenFor(config, b.businessId, 'owner');

after(async () => {
  await carrier.close();
  await closeServices(services);
  await database.drop();
});

interface ErrorBody {
  error: { code: string; message: string; details?: { field?: string; [key: string]: unknown } };
}

async function call(method: string, path: string, token: string | null, body?: unknown) {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await app.request(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as unknown };
}

async function ok<T>(method: string, path: string, body?: unknown, token = owner, status = 200): Promise<T> {
  const response = await call(method, path, token, body);
  assert.equal(response.status, status, `${method} ${path}: ${JSON.stringify(response.body)}`);
  return response.body as T;
}

async function refused(method: string, path: string, body: unknown, status: number, code: string, token = owner): Promise<ErrorBody['error']> {
  const response = await call(method, path, token, body);
  assert.equal(response.status, status, `${method} ${path}: ${JSON.stringify(response.body)}`);
  const error = (response.body as ErrorBody).error;
  assert.equal(error.code, code);
  assert.ok(error.message.length > 0);
  return error;
}

/** A 422 naming `field` with exactly the SDK's message. */
async function invalidField(method: string, path: string, body: unknown, field: string, message?: string, token = owner) {
  const error = await refused(method, path, body, 422, 'invalid_request', token);
  assert.equal(error.details?.field, field, `${String(JSON.stringify(body)).slice(0, 120)} → ${JSON.stringify(error)}`);
  if (message) assert.match(error.message, new RegExp(`${field.replace('.', '\\.')}: ${escape(message)}$`));
  return error;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const setup = (token = owner) => ok<MessagingSetup>('GET', '/v1/messaging-setup', undefined, token);
const numberIn = async (id: string, token = owner) => (await setup(token)).numbers.find((number) => number.id === id)!;
const listNumbers = async (token = owner) => (await ok<{ items: TrackingNumber[] }>('GET', '/v1/numbers', undefined, token)).items;

// ---------------------------------------------------------------------------------------------

describe('GET /v1/messaging-setup', () => {
  test('needs an embed token', async () => {
    const response = await call('GET', '/v1/messaging-setup', null);
    assert.equal(response.status, 401);
  });

  test('shows every number with the registration it needs, and who may edit', async () => {
    const state = await setup();
    assert.equal(state.brand, null);
    assert.deepEqual(state.campaigns, []);
    assert.equal(state.canEdit, true);
    const byId = new Map(state.numbers.map((number) => [number.id, number]));
    assert.deepEqual(byId.get(numbersA.localId)!.registration, { kind: 'ten-dlc', campaignId: null, status: 'unassigned', error: null });
    assert.equal(byId.get(numbersA.localId)!.readiness.state, 'brand_missing');
    const canadian = byId.get(a.caNumberId)!.registration;
    assert.equal(canadian.kind, 'none');
    assert.match((canadian as { message: string }).message, /no registration needed/);
    assert.deepEqual(byId.get(numbersA.tollFreeId)!.registration, { kind: 'toll-free', status: 'not_submitted', reason: null, editable: true, form: null });
    // Only this business's numbers.
    assert.ok(!state.numbers.some((number) => number.id === numbersB.localId));
  });

  test('every role reads it; only owner and admin may edit', async () => {
    assert.equal((await setup(admin)).canEdit, true);
    assert.equal((await setup(manager)).canEdit, false);
    assert.equal((await setup(viewer)).canEdit, false);
  });
});

describe('role checks', () => {
  const writes: [string, string, unknown][] = [
    ['PUT', '/v1/messaging-setup/brand', { legalName: 'Acme Plumbing LLC' }],
    ['POST', '/v1/messaging-setup/brand/submit', undefined],
    ['POST', '/v1/messaging-setup/campaigns', { description: validCampaign.description }],
    ['PUT', `/v1/messaging-setup/campaigns/${a.campaignId}`, {}],
    ['POST', `/v1/messaging-setup/campaigns/${a.campaignId}/submit`, undefined],
    ['POST', '/v1/messaging-setup/assignments', { campaignId: a.campaignId, trackingNumberIds: [numbersA.localId] }],
    ['PUT', `/v1/messaging-setup/toll-free/${numbersA.tollFreeId}`, { businessName: 'Acme' }],
    ['POST', `/v1/messaging-setup/toll-free/${numbersA.tollFreeId}/submit`, undefined],
  ];
  for (const [role, token] of [['manager', manager], ['viewer', viewer]] as const) {
    test(`a ${role} is refused every write with 403, and nothing is stored`, async () => {
      for (const [method, path, body] of writes) {
        const error = await refused(method, path, body, 403, 'forbidden', token);
        assert.equal(error.details?.role, role);
      }
      assert.equal(await db.brand.count({ where: { businessId: a.businessId } }), 0);
      assert.equal(await db.campaign.count({ where: { businessId: a.businessId } }), 0);
      assert.equal(await db.setupSubmission.count({ where: { businessId: a.businessId } }), 0);
      const tollFree = await db.trackingNumber.findUniqueOrThrow({ where: { id: numbersA.tollFreeId } });
      assert.equal(tollFree.tollFreeData, null);
    });
  }

  test('a refused body is still refused with 403, not validated first', async () => {
    await refused('PUT', '/v1/messaging-setup/brand', { legalName: 'x' }, 403, 'forbidden', viewer);
  });
});

// ---------------------------------------------------------------------------------------------

/** Values of exactly `length` characters for a field kind. */
const sized = {
  text: (length: number) => 'x'.repeat(length),
  url: (length: number) => `https://${'a'.repeat(Math.max(length - 12, 1))}.com`,
  email: (length: number) => `${'a'.repeat(Math.max(length - 5, 0))}@b.co`,
};

interface LengthCase {
  path: string;
  limit: TextLimit;
  make: (length: number) => string;
  body: (value: string) => unknown;
}

/** Checks min-1 and max+1 are refused naming the field, min and max accepted. */
async function checkLengths(method: string, route: string, { path, limit, make, body }: LengthCase, minimumLength = limit.min) {
  const tooShort = make(minimumLength - 1);
  if (minimumLength - 1 >= 0 && tooShort.length === minimumLength - 1) await invalidField(method, route, body(tooShort), path, textMessage(limit));
  for (const length of [minimumLength, limit.max]) {
    const value = make(length);
    assert.equal(value.length, length, `${path} fixture length`);
    await ok(method, route, body(value));
  }
  const tooLong = make(limit.max + 1);
  assert.equal(tooLong.length, limit.max + 1);
  await invalidField(method, route, body(tooLong), path, textMessage(limit));
}

describe('brand limits (PUT /v1/messaging-setup/brand)', () => {
  const route = '/v1/messaging-setup/brand';
  const top = (field: string) => (value: string) => ({ [field]: value });
  const nested = (group: string, field: string) => (value: string) => ({ [group]: { [field]: value } });
  const cases: LengthCase[] = [
    { path: 'legalName', limit: BRAND_LIMITS.legalName, make: sized.text, body: top('legalName') },
    { path: 'website', limit: BRAND_LIMITS.website, make: sized.url, body: top('website') },
    { path: 'address.street', limit: BRAND_LIMITS.street, make: sized.text, body: nested('address', 'street') },
    { path: 'address.city', limit: BRAND_LIMITS.city, make: sized.text, body: nested('address', 'city') },
    { path: 'address.region', limit: BRAND_LIMITS.region, make: sized.text, body: nested('address', 'region') },
    { path: 'address.postalCode', limit: BRAND_LIMITS.postalCode, make: sized.text, body: nested('address', 'postalCode') },
    { path: 'contact.firstName', limit: BRAND_LIMITS.firstName, make: sized.text, body: nested('contact', 'firstName') },
    { path: 'contact.lastName', limit: BRAND_LIMITS.lastName, make: sized.text, body: nested('contact', 'lastName') },
    { path: 'contact.email', limit: BRAND_LIMITS.email, make: sized.email, body: nested('contact', 'email') },
    { path: 'stockSymbol', limit: BRAND_LIMITS.stockSymbol, make: sized.text, body: (value) => ({ businessType: 'public', stockSymbol: value }) },
  ];
  for (const entry of cases) {
    test(`${entry.path}: ${entry.limit.min} to ${entry.limit.max} characters`, async () => {
      // The website's shortest form needs a scheme and a dotted host: 4 characters cannot be one.
      await checkLengths('PUT', route, entry, entry.path === 'website' ? 13 : entry.limit.min);
    });
  }

  test('a website needs https:// and a domain', async () => {
    await invalidField('PUT', route, { website: 'acme-plumbing.example.com' }, 'website', URL_MESSAGE);
    await invalidField('PUT', route, { website: 'ftp://acme.example.com' }, 'website', URL_MESSAGE);
  });

  test('fixed lists: business type, industry, countries, stock exchange', async () => {
    await invalidField('PUT', route, { businessType: 'llc' }, 'businessType', 'Choose a business type from the list');
    await invalidField('PUT', route, { industry: 'PLUMBING' }, 'industry', 'Choose an industry from the list');
    await invalidField('PUT', route, { taxIdCountry: 'MX' }, 'taxIdCountry');
    await invalidField('PUT', route, { address: { country: 'MX' } }, 'address.country', 'Choose a country from the list');
    await invalidField('PUT', route, { businessType: 'public', stockExchange: 'MOON' }, 'stockExchange');
  });

  test('tax ids follow their country, and are stored in canonical form', async () => {
    await invalidField('PUT', route, { taxId: '12-345', taxIdCountry: 'US' }, 'taxId', 'Enter the EIN as 9 digits, e.g. 12-3456789');
    await invalidField('PUT', route, { taxId: 'AB1234567', taxIdCountry: 'CA' }, 'taxId', 'Enter the 9-digit Canadian business number');
    let brand = await ok<Brand>('PUT', route, { taxId: '123456789', taxIdCountry: 'US' });
    assert.equal(brand.form.taxId, '12-3456789');
    brand = await ok<Brand>('PUT', route, { taxId: '123 456 789', taxIdCountry: 'CA' });
    assert.equal(brand.form.taxId, '123456789');
  });

  test('the contact phone is stored as E.164; email and phone are checked', async () => {
    await invalidField('PUT', route, { contact: { phone: 'call me' } }, 'contact.phone', PHONE_MESSAGE);
    await invalidField('PUT', route, { contact: { email: 'ana-at-example.com' } }, 'contact.email', EMAIL_MESSAGE);
    const brand = await ok<Brand>('PUT', route, { contact: { phone: '(813) 555-0100' } });
    assert.equal(brand.form.contact?.phone, '+18135550100');
  });

  test('unknown fields are refused, and a refused draft stores nothing', async () => {
    const before = await ok<Brand>('PUT', route, { legalName: 'Acme Plumbing LLC' });
    await invalidField('PUT', route, { legalName: 'Other Name LLC', ein: '12-3456789' }, 'ein');
    await invalidField('PUT', route, { legalName: 'Other Name LLC', address: { city: 'T' } }, 'address.city');
    const state = await setup();
    assert.deepEqual(state.brand?.form, before.form);
  });

  test('submitting checks the whole saved form: missing fields, public listing, EIN', async () => {
    await ok('PUT', route, { legalName: 'Acme Plumbing LLC' });
    await invalidField('POST', `${route}/submit`, undefined, 'businessType', 'Choose a business type from the list');
    await ok('PUT', route, { ...validBrand, businessType: 'public' });
    await invalidField('POST', `${route}/submit`, undefined, 'stockExchange', 'Choose a stock exchange from the list');
    await ok('PUT', route, { ...validBrand, taxId: null });
    await invalidField('POST', `${route}/submit`, undefined, 'taxId');
    const { address, ...withoutAddress } = validBrand;
    void address;
    await ok('PUT', route, withoutAddress);
    await invalidField('POST', `${route}/submit`, undefined, 'address', 'Fill in the business address');
    assert.equal((await setup()).brand?.status, 'draft', 'a refused submission leaves the draft');
  });

  test('a non-public brand drops a stale stock listing', async () => {
    const brand = await ok<Brand>('PUT', route, { ...validBrand, stockExchange: 'NYSE', stockSymbol: 'ACME' });
    assert.equal(brand.form.stockExchange, null);
    assert.equal(brand.form.stockSymbol, null);
  });
});

describe('campaign limits', () => {
  let campaignId = '';
  const route = () => `/v1/messaging-setup/campaigns/${campaignId}`;

  test('a draft campaign starts empty', async () => {
    const campaign = await ok<Campaign>('POST', '/v1/messaging-setup/campaigns', {}, owner, 201);
    assert.equal(campaign.status, 'draft');
    assert.equal(campaign.editable, true);
    campaignId = campaign.id;
  });

  const reply = (label: string) => ({ ...CAMPAIGN_LIMITS.replyText, label });
  const cases: LengthCase[] = [
    { path: 'description', limit: CAMPAIGN_LIMITS.description, make: sized.text, body: (value) => ({ description: value }) },
    { path: 'messageFlow', limit: CAMPAIGN_LIMITS.messageFlow, make: sized.text, body: (value) => ({ messageFlow: value }) },
    { path: 'samples.1', limit: CAMPAIGN_LIMITS.sample, make: sized.text, body: (value) => ({ samples: [validCampaign.samples[0], value] }) },
    { path: 'optInMessage', limit: reply('Opt-in reply'), make: sized.text, body: (value) => ({ optInMessage: value }) },
    { path: 'optOutMessage', limit: reply('Opt-out reply'), make: sized.text, body: (value) => ({ optOutMessage: value }) },
    { path: 'helpMessage', limit: reply('Help reply'), make: sized.text, body: (value) => ({ helpMessage: value }) },
  ];
  for (const entry of cases) {
    test(`${entry.path}: ${entry.limit.min} to ${entry.limit.max} characters`, async () => {
      await checkLengths('PUT', route(), entry);
    });
  }

  test('2 to 5 samples: a draft holds at most 5, a submission needs at least 2', async () => {
    const sample = validCampaign.samples[0]!;
    await invalidField('PUT', route(), { samples: Array(6).fill(sample) }, 'samples', countMessage(CAMPAIGN_LIMITS.samples));
    await ok('PUT', route(), { samples: Array(5).fill(sample) });
    await ok('PUT', route(), { samples: [sample] });
    // A submission with one sample is refused in the transitions below, once the brand is verified.
  });

  test('keywords: 1 to 10 single words of up to 30 letters or digits (opt-in keywords may be none)', async () => {
    await invalidField('PUT', route(), { optOutKeywords: [] }, 'optOutKeywords', countMessage(CAMPAIGN_LIMITS.keywords));
    await invalidField('PUT', route(), { helpKeywords: Array.from({ length: 11 }, (_, i) => `HELP${i}`) }, 'helpKeywords');
    await invalidField('PUT', route(), { optOutKeywords: ['STOP ALL'] }, 'optOutKeywords', KEYWORD_MESSAGE);
    await invalidField('PUT', route(), { optOutKeywords: ['S'.repeat(31)] }, 'optOutKeywords', KEYWORD_MESSAGE);
    const campaign = await ok<Campaign>('PUT', route(), { optInKeywords: [], optOutKeywords: ['stop', 'S'.repeat(30), 'Stop'], helpKeywords: Array.from({ length: 10 }, (_, i) => `HELP${i}`) });
    assert.deepEqual(campaign.form.optInKeywords, []);
    assert.deepEqual(campaign.form.optOutKeywords, ['STOP', 'S'.repeat(30)], 'upper-cased, duplicates dropped');
  });

  test('fixed use cases and yes/no questions', async () => {
    await invalidField('PUT', route(), { useCase: 'SPAM' }, 'useCase', 'Choose a use case from the list');
    await invalidField('PUT', route(), { hasLinks: 'yes' }, 'hasLinks', 'Say whether messages contain links');
    await invalidField('PUT', route(), { directLending: null }, 'directLending');
  });
});

describe('toll-free limits (PUT /v1/messaging-setup/toll-free/:id)', () => {
  const route = () => `/v1/messaging-setup/toll-free/${numbersA.tollFreeId}`;
  const cases: LengthCase[] = [
    { path: 'businessName', limit: TOLL_FREE_LIMITS.businessName, make: sized.text, body: (value) => ({ businessName: value }) },
    { path: 'website', limit: TOLL_FREE_LIMITS.website, make: sized.url, body: (value) => ({ website: value }) },
    { path: 'notificationEmail', limit: TOLL_FREE_LIMITS.notificationEmail, make: sized.email, body: (value) => ({ notificationEmail: value }) },
    { path: 'useCaseSummary', limit: TOLL_FREE_LIMITS.useCaseSummary, make: sized.text, body: (value) => ({ useCaseSummary: value }) },
    { path: 'productionMessageSample', limit: TOLL_FREE_LIMITS.productionMessageSample, make: sized.text, body: (value) => ({ productionMessageSample: value }) },
  ];
  for (const entry of cases) {
    test(`${entry.path}: ${entry.limit.min} to ${entry.limit.max} characters`, async () => {
      await checkLengths('PUT', route(), entry, entry.path === 'website' ? 13 : entry.limit.min);
    });
  }

  test('1 to 5 use case categories from the list; 0 to 5 opt-in image URLs', async () => {
    const categories = ['CUSTOMER_CARE', 'ACCOUNT_NOTIFICATIONS', 'DELIVERY_NOTIFICATIONS', 'EVENTS', 'MARKETING', 'SECURITY_ALERT'];
    await invalidField('PUT', route(), { useCaseCategories: [] }, 'useCaseCategories', countMessage(TOLL_FREE_LIMITS.useCaseCategories));
    await invalidField('PUT', route(), { useCaseCategories: categories }, 'useCaseCategories');
    await invalidField('PUT', route(), { useCaseCategories: ['CUSTOMER_CARE', 'SPAM'] }, 'useCaseCategories.1', 'Choose use case categories from the list');
    await ok('PUT', route(), { useCaseCategories: categories.slice(0, 5) });
    const url = 'https://acme.example.com/form.png';
    await ok('PUT', route(), { optInImageUrls: [] });
    await ok('PUT', route(), { optInImageUrls: Array(5).fill(url) });
    await invalidField('PUT', route(), { optInImageUrls: Array(6).fill(url) }, 'optInImageUrls', countMessage(TOLL_FREE_LIMITS.optInImageUrls));
    await invalidField('PUT', route(), { optInImageUrls: [url, 'form.png'] }, 'optInImageUrls.1', URL_MESSAGE);
  });

  test("opt-in type and monthly volume are Twilio's fixed lists", async () => {
    await invalidField('PUT', route(), { optInType: 'email' }, 'optInType', 'Choose an opt-in type from the list');
    await invalidField('PUT', route(), { monthlyVolume: '2,000' }, 'monthlyVolume', 'Choose an expected monthly volume from the list');
    await ok('PUT', route(), { optInType: 'qr-code', monthlyVolume: '10,000,000+' });
  });

  test('only toll-free numbers take this form', async () => {
    await invalidField('PUT', `/v1/messaging-setup/toll-free/${numbersA.localId}`, validTollFree, 'trackingNumberId');
    await invalidField('POST', `/v1/messaging-setup/toll-free/${a.caNumberId}/submit`, undefined, 'trackingNumberId');
  });
});

// ---------------------------------------------------------------------------------------------

describe('10DLC status transitions', () => {
  let campaign: Campaign;

  test('brand: draft → pending → verified; locked once submitted', async () => {
    let brand = await ok<Brand>('PUT', '/v1/messaging-setup/brand', validBrand, admin);
    assert.equal(brand.status, 'draft');
    brand = await ok<Brand>('POST', '/v1/messaging-setup/brand/submit', undefined, admin, 202);
    assert.equal(brand.status, 'pending');
    assert.equal(brand.editable, false);
    assert.equal(brand.submittedBy, 'user-admin');
    assert.ok(brand.submittedAt);
    await refused('PUT', '/v1/messaging-setup/brand', validBrand, 409, 'conflict');
    await refused('POST', '/v1/messaging-setup/brand/submit', undefined, 409, 'conflict');
    assert.equal((await numberIn(numbersA.localId)).readiness.state, 'brand_pending');

    await tick();
    const row = await db.brand.findUniqueOrThrow({ where: { businessId: a.businessId } });
    assert.match(row.carrierSid ?? '', /^BN/, 'sent to the carrier on the first pass');
    assert.equal((await setup()).brand?.status, 'pending', 'still in review until the delay passes');
    await tick();
    assert.equal((await setup()).brand?.status, 'verified');
    assert.equal((await numberIn(numbersA.localId)).readiness.state, 'campaign_missing');
    await refused('PUT', '/v1/messaging-setup/brand', validBrand, 409, 'conflict');
  });

  test('campaign: submitting before the brand is verified is refused naming the step', async () => {
    const other = await ok<Campaign>('POST', '/v1/messaging-setup/campaigns', validCampaign, ownerB, 201);
    await db.brand.update({ where: { businessId: b.businessId }, data: { status: 'pending' } });
    const error = await refused('POST', `/v1/messaging-setup/campaigns/${other.id}/submit`, undefined, 409, 'conflict', ownerB);
    assert.equal(error.details?.step, 'brand');
    assert.equal(error.details?.brandStatus, 'pending');
    assert.match(error.message, /brand/i);
    await db.brand.update({ where: { businessId: b.businessId }, data: { status: 'verified' } });
    assert.equal((await db.campaign.findUniqueOrThrow({ where: { id: other.id } })).status, 'draft');
  });

  test('campaign: rejected when no sample says how to opt out, fixed and resubmitted, then approved', async () => {
    const noOptOut = { ...validCampaign, samples: ['Your Acme Plumbing visit is booked for Tuesday at 9am.', 'Your technician is on the way now.'] };
    campaign = await ok<Campaign>('POST', '/v1/messaging-setup/campaigns', { ...noOptOut, samples: noOptOut.samples.slice(0, 1) }, owner, 201);
    await invalidField('POST', `/v1/messaging-setup/campaigns/${campaign.id}/submit`, undefined, 'samples', countMessage(CAMPAIGN_LIMITS.samples));
    campaign = await ok<Campaign>('PUT', `/v1/messaging-setup/campaigns/${campaign.id}`, noOptOut);
    campaign = await ok<Campaign>('POST', `/v1/messaging-setup/campaigns/${campaign.id}/submit`, undefined, owner, 202);
    assert.equal(campaign.status, 'pending');
    await refused('PUT', `/v1/messaging-setup/campaigns/${campaign.id}`, validCampaign, 409, 'conflict');
    assert.equal((await numberIn(numbersA.localId)).readiness.state, 'campaign_pending');
    await settle();
    campaign = (await setup()).campaigns.find((item) => item.id === campaign.id)!;
    assert.equal(campaign.status, 'rejected');
    assert.equal(campaign.rejectionReason, SIMULATOR_OPT_OUT_REASON);
    assert.equal(campaign.editable, true);
    assert.equal((await numberIn(numbersA.localId)).readiness.state, 'campaign_rejected');

    campaign = await ok<Campaign>('PUT', `/v1/messaging-setup/campaigns/${campaign.id}`, validCampaign);
    assert.equal(campaign.status, 'rejected', 'keeps showing why until resubmitted');
    campaign = await ok<Campaign>('POST', `/v1/messaging-setup/campaigns/${campaign.id}/submit`, undefined, owner, 202);
    assert.equal(campaign.rejectionReason, null);
    await settle();
    campaign = (await setup()).campaigns.find((item) => item.id === campaign.id)!;
    assert.equal(campaign.status, 'approved');
    assert.equal(campaign.editable, false);
    assert.equal((await numberIn(numbersA.localId)).readiness.state, 'number_unassigned');
    await refused('PUT', `/v1/messaging-setup/campaigns/${campaign.id}`, validCampaign, 409, 'conflict');
  });

  test('assignment: only US local SMS numbers of this business, only to an approved campaign', async () => {
    const path = '/v1/messaging-setup/assignments';
    const draft = await ok<Campaign>('POST', '/v1/messaging-setup/campaigns', {}, owner, 201);
    const error = await refused('POST', path, { campaignId: draft.id, trackingNumberIds: [numbersA.localId] }, 409, 'conflict');
    assert.equal(error.details?.step, 'campaign');
    await invalidField('POST', path, { campaignId: campaign.id, trackingNumberIds: [numbersA.localId, a.caNumberId] }, 'trackingNumberIds.1');
    await invalidField('POST', path, { campaignId: campaign.id, trackingNumberIds: [numbersA.tollFreeId] }, 'trackingNumberIds.0');
    await invalidField('POST', path, { campaignId: campaign.id, trackingNumberIds: [numbersA.voiceOnlyId] }, 'trackingNumberIds.0');
    await invalidField('POST', path, { campaignId: campaign.id, trackingNumberIds: [] }, 'trackingNumberIds');
    await invalidField('POST', path, { trackingNumberIds: [numbersA.localId] }, 'campaignId');
    const missing = await refused('POST', path, { campaignId: campaign.id, trackingNumberIds: [numbersA.localId, numbersB.localId] }, 404, 'not_found');
    assert.equal(missing.details?.field, 'trackingNumberIds.1');
    // None of the refused requests assigned anything.
    assert.equal(await db.trackingNumber.count({ where: { businessId: a.businessId, assignmentStatus: { not: 'unassigned' } } }), 0);
  });

  test('assignment: each number pending, then assigned or failed on its own', async () => {
    const result = await ok<AssignNumbersResult>(
      'POST',
      '/v1/messaging-setup/assignments',
      { campaignId: campaign.id, trackingNumberIds: [numbersA.localId, numbersA.failingId] },
      admin,
      202,
    );
    assert.deepEqual(
      result.numbers.map((number) => [number.id, number.registration.kind === 'ten-dlc' && number.registration.status, number.readiness.state]),
      [
        [numbersA.localId, 'pending', 'assignment_pending'],
        [numbersA.failingId, 'pending', 'assignment_pending'],
      ],
    );
    await settle();
    const local = (await numberIn(numbersA.localId)) as SetupNumber & { registration: { kind: 'ten-dlc' } };
    assert.deepEqual(local.registration, { kind: 'ten-dlc', campaignId: campaign.id, status: 'assigned', error: null });
    assert.equal(local.readiness.canSend, true);
    const failing = await numberIn(numbersA.failingId);
    assert.equal(failing.registration.kind === 'ten-dlc' && failing.registration.status, 'failed');
    assert.match((failing.registration as { error: string }).error, /0000/);
    assert.equal(failing.readiness.canSend, false);
    assert.equal(failing.readiness.state, 'number_unassigned');
    assert.match(failing.readiness.message ?? '', /Adding this number to your 10DLC campaign failed: .*0000/);
    const state = await setup();
    assert.deepEqual(state.campaigns.find((item) => item.id === campaign.id)!.trackingNumberIds, [numbersA.localId]);
    // GET /v1/numbers agrees.
    const listed = (await listNumbers()).find((number) => number.id === numbersA.localId)!;
    assert.deepEqual(listed.readiness, local.readiness);
    // A failed number can be assigned again; an assigned one is left as it is.
    const again = await ok<AssignNumbersResult>('POST', '/v1/messaging-setup/assignments', { campaignId: campaign.id, trackingNumberIds: [numbersA.localId, numbersA.failingId] }, owner, 202);
    assert.deepEqual(again.numbers.map((number) => number.registration.kind === 'ten-dlc' && number.registration.status), ['assigned', 'pending']);
  });

  test('brand: a failing EIN fails with the reason, is fixed and resubmitted', async () => {
    const c = await seedBusiness(database.url, 'Gamma Roofing');
    await unregisterBusiness(database.url, c.businessId);
    const token = await tokenFor(config, c.businessId, 'owner');
    await ok('PUT', '/v1/messaging-setup/brand', { ...validBrand, taxId: '00-0000000' }, token);
    await ok('POST', '/v1/messaging-setup/brand/submit', undefined, token, 202);
    await settle();
    let brand = (await setup(token)).brand!;
    assert.equal(brand.status, 'failed');
    assert.equal(brand.failureReason, SIMULATOR_EIN_REASON);
    assert.equal(brand.editable, true);
    const number = (await setup(token)).numbers.find((item) => item.id === c.usNumberId)!;
    assert.equal(number.readiness.state, 'brand_failed');
    assert.match(number.readiness.message ?? '', /EIN does not match legal name/);

    brand = await ok<Brand>('PUT', '/v1/messaging-setup/brand', validBrand, token);
    assert.equal(brand.status, 'failed', 'keeps its reason while being fixed');
    brand = await ok<Brand>('POST', '/v1/messaging-setup/brand/submit', undefined, token, 202);
    assert.equal(brand.failureReason, null);
    await settle();
    assert.equal((await setup(token)).brand?.status, 'verified');
  });
});

describe('toll-free status transitions', () => {
  const route = `/v1/messaging-setup/toll-free/${numbersA.tollFreeId}`;

  test('submitting an incomplete form names the first missing field', async () => {
    await ok('PUT', route, { businessName: 'Acme Plumbing LLC' });
    await invalidField('POST', `${route}/submit`, undefined, 'website');
  });

  test('pending review (sends with a warning) → in review → rejected with reason → fixed → approved', async () => {
    await ok('PUT', route, { ...validTollFree, productionMessageSample: 'Hi there' });
    let number = await ok<SetupNumber>('POST', `${route}/submit`, undefined, owner, 202);
    assert.deepEqual(number.registration, { kind: 'toll-free', status: 'pending_review', reason: null, editable: false, form: { ...validTollFree, productionMessageSample: 'Hi there' } });
    assert.equal(number.readiness.canSend, true);
    assert.equal(number.readiness.state, 'toll_free_pending');
    assert.match(number.readiness.message ?? '', /may not deliver until approval completes/);
    await refused('PUT', route, validTollFree, 409, 'conflict');

    await tick(); // sent to the carrier
    await tick(); // a delay later: in review
    number = await numberIn(numbersA.tollFreeId);
    assert.equal(number.registration.kind === 'toll-free' && number.registration.status, 'in_review');
    assert.equal(number.readiness.canSend, true);
    await tick();
    number = await numberIn(numbersA.tollFreeId);
    assert.equal(number.registration.kind, 'toll-free');
    const rejected = number.registration as Extract<SetupNumber['registration'], { kind: 'toll-free' }>;
    assert.equal(rejected.status, 'rejected');
    assert.equal(rejected.editable, true);
    assert.match(rejected.reason ?? '', /under 20 characters/);
    assert.equal(number.readiness.state, 'toll_free_rejected');
    assert.equal(number.readiness.canSend, false);

    await ok('PUT', route, validTollFree);
    number = await ok<SetupNumber>('POST', `${route}/submit`, undefined, owner, 202);
    assert.equal(number.registration.kind === 'toll-free' && number.registration.status, 'pending_review');
    await settle();
    number = await numberIn(numbersA.tollFreeId);
    assert.equal(number.registration.kind === 'toll-free' && number.registration.status, 'approved');
    assert.equal(number.readiness.state, 'ready');
    await refused('PUT', route, validTollFree, 409, 'conflict');
  });

  test('a web form without opt-in images is rejected; a rejection without edits allowed cannot be resubmitted', async () => {
    const routeB = `/v1/messaging-setup/toll-free/${numbersB.tollFreeId}`;
    await ok('PUT', routeB, { ...validTollFree, optInImageUrls: [] }, ownerB);
    await ok('POST', `${routeB}/submit`, undefined, ownerB, 202);
    await settle();
    const number = (await setup(ownerB)).numbers.find((item) => item.id === numbersB.tollFreeId)!;
    assert.match((number.registration as { reason: string }).reason, /Opt-in proof missing/);
    await db.trackingNumber.update({ where: { id: numbersB.tollFreeId }, data: { tollFreeEditable: false } });
    await refused('PUT', routeB, validTollFree, 409, 'conflict', ownerB);
    await refused('POST', `${routeB}/submit`, undefined, 409, 'conflict', ownerB);
  });
});

describe('tenant isolation', () => {
  test("another business's campaigns and numbers answer 404", async () => {
    const theirs = await ok<Campaign>('POST', '/v1/messaging-setup/campaigns', {}, ownerB, 201);
    await refused('PUT', `/v1/messaging-setup/campaigns/${theirs.id}`, validCampaign, 404, 'not_found');
    await refused('POST', `/v1/messaging-setup/campaigns/${theirs.id}/submit`, undefined, 404, 'not_found');
    await refused('PUT', `/v1/messaging-setup/toll-free/${numbersB.tollFreeId}`, validTollFree, 404, 'not_found');
    await refused('POST', `/v1/messaging-setup/toll-free/${numbersB.tollFreeId}/submit`, undefined, 404, 'not_found');
    const ours = (await setup()).campaigns.find((item) => item.status === 'approved')!;
    await refused('POST', '/v1/messaging-setup/assignments', { campaignId: theirs.id, trackingNumberIds: [numbersA.localId] }, 404, 'not_found');
    await refused('POST', '/v1/messaging-setup/assignments', { campaignId: ours.id, trackingNumberIds: [numbersB.localId] }, 404, 'not_found');
    const state = await setup();
    assert.ok(!state.campaigns.some((item) => item.id === theirs.id));
    assert.equal((await db.campaign.findUniqueOrThrow({ where: { id: theirs.id } })).data, '{}', 'untouched');
  });
});

describe('audit trail and live events', () => {
  test('every accepted write is recorded with who, role and when; refused ones are not', async () => {
    const rows = await db.setupSubmission.findMany({ where: { businessId: a.businessId }, orderBy: { createdAt: 'asc' } });
    const brandSubmit = rows.find((row) => row.kind === 'brand' && JSON.parse(row.data).action === 'submit')!;
    assert.equal(brandSubmit.userId, 'user-admin');
    assert.equal(brandSubmit.role, 'admin');
    assert.ok(brandSubmit.createdAt instanceof Date);
    assert.equal(JSON.parse(brandSubmit.data).form.legalName, validBrand.legalName);
    const kinds = new Set(rows.map((row) => row.kind));
    assert.deepEqual([...kinds].sort(), ['assignment', 'brand', 'campaign', 'toll-free']);
    assert.ok(!rows.some((row) => row.role === 'viewer' || row.role === 'manager'));
    const assignments = rows.filter((row) => row.kind === 'assignment');
    assert.equal(assignments.length, 2, 'the two accepted assignment requests only');
  });

  test('setup.updated and number.updated events were logged as readiness moved', async () => {
    const events = await services.bus.since(a.businessId, 0, 5000);
    const setupEvents = events.filter((event) => event.type === 'setup.updated').map((event) => event.data as { kind: string; status: string });
    for (const status of ['draft', 'pending', 'verified']) assert.ok(setupEvents.some((data) => data.kind === 'brand' && data.status === status), status);
    assert.ok(setupEvents.some((data) => data.kind === 'campaign' && data.status === 'rejected'));
    assert.ok(setupEvents.some((data) => data.kind === 'assignment' && data.status === 'assigned'));
    assert.ok(setupEvents.some((data) => data.kind === 'toll-free' && data.status === 'in_review'));
    const updates = events.filter((event) => event.type === 'number.updated').map((event) => event.data as TrackingNumber);
    const localStates = updates.filter((number) => number.id === numbersA.localId).map((number) => number.readiness.state);
    assert.deepEqual(localStates.slice(0, 6), ['brand_pending', 'campaign_missing', 'campaign_pending', 'campaign_rejected', 'campaign_pending', 'number_unassigned']);
    assert.ok(localStates.includes('ready'));
    // Canadian numbers never change readiness, so they get no events.
    assert.ok(!updates.some((number) => number.id === a.caNumberId));
  });
});
