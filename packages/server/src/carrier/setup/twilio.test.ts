// The Twilio setup carrier through the official `twilio` package against a local fake of Trust
// Hub and the Messaging API (src/testing/twilio-trust-fake.ts): the app takes the forms, the
// poller sends them through the carrier, the fake checks each request and moves reviews along.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { Brand, Campaign, MessagingSetup, SetupNumber } from '@threadline/sdk';
import { createApp } from '../../app.ts';
import { closeServices, createServices } from '../../create-services.ts';
import { pollSetupOnce } from '../../domain/compliance/poller.ts';
import { addSetupNumbers, unregisterBusiness, validBrand, validCampaign, validTollFree } from '../../domain/compliance/test-fixtures.ts';
import { createTestDatabase, seedBusiness, testConfig, tokenFor } from '../../testing/harness.ts';
import { TwilioTrustFake } from '../../testing/twilio-trust-fake.ts';
import { createSetupCarrier } from './index.ts';
import { A2P_TRUST_PRODUCT_POLICY_SID, SECONDARY_CUSTOMER_PROFILE_POLICY_SID, TwilioSetupCarrier } from './twilio.ts';

const fake = await TwilioTrustFake.start();
const database = await createTestDatabase();
const primaryProfileSid = `BU${'1'.repeat(32)}`;
const config = testConfig(database.url, {
  carrier: 'twilio',
  twilioAccountSid: fake.accountSid,
  twilioAuthToken: fake.authToken,
  twilioApiBaseUrl: fake.url,
  twilioPrimaryCustomerProfileSid: primaryProfileSid,
});
const services = await createServices(config, { worker: false });
const app = createApp(services);
const carrier = await createSetupCarrier(config);
const poll = () => pollSetupOnce(services, carrier);

const business = await seedBusiness(database.url, 'Echo Landscaping');
await unregisterBusiness(database.url, business.businessId);
const numbers = await addSetupNumbers(database.url, business.businessId);
const owner = await tokenFor(config, business.businessId, 'owner');
// The local number's Twilio sid is known; the toll-free one is looked up by its E.164.
const localSid = fake.addIncomingNumber(numbers.localE164);
await services.db.trackingNumber.update({ where: { id: numbers.localId }, data: { carrierSid: localSid } });
const tollFreeSid = fake.addIncomingNumber(numbers.tollFreeE164);
// The primary profile the ISV owns, which each business's profile is attached to.
fake.bundles.set(primaryProfileSid, { sid: primaryProfileSid, kind: 'customer-profile', policySid: 'RN', status: 'twilio-approved', assigned: [] });

after(async () => {
  await carrier.close();
  await closeServices(services);
  await fake.close();
  await database.drop();
});

async function send<T>(method: string, path: string, body?: unknown, token = owner): Promise<T> {
  const response = await app.request(path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  assert.ok(response.status < 300, `${method} ${path}: ${response.status} ${await response.clone().text()}`);
  return (await response.json()) as T;
}
const setup = (token = owner) => send<MessagingSetup>('GET', '/v1/messaging-setup', undefined, token);
const one = <T>(values: T[]): T => {
  assert.equal(values.length, 1, `expected one, got ${values.length}`);
  return values[0]!;
};

describe('Twilio setup carrier', () => {
  test('is the configured carrier for CARRIER=twilio', () => {
    assert.ok(carrier instanceof TwilioSetupCarrier);
    assert.equal(carrier.name, 'twilio');
  });

  test('brand: customer profile, A2P trust product and brand registration, as an ISV submits them', async () => {
    const publicBrand = { ...validBrand, businessType: 'public', stockExchange: 'NASDAQ', stockSymbol: 'ecls' };
    await send('PUT', '/v1/messaging-setup/brand', publicBrand);
    await send('POST', '/v1/messaging-setup/brand/submit');
    await poll();

    const profileCreate = one(fake.calls('trusthub.twilio.com', 'POST', /^\/v1\/CustomerProfiles$/));
    assert.equal(profileCreate.form.PolicySid, SECONDARY_CUSTOMER_PROFILE_POLICY_SID);
    assert.equal(profileCreate.form.Email, validBrand.contact.email);
    const endUsers = fake.calls('trusthub.twilio.com', 'POST', /^\/v1\/EndUsers$/).map((request) => ({
      type: request.form.Type,
      attributes: JSON.parse(String(request.form.Attributes)) as Record<string, string>,
    }));
    const information = endUsers.find((user) => user.type === 'customer_profile_business_information')!.attributes;
    assert.equal(information.business_name, validBrand.legalName);
    assert.equal(information.business_registration_identifier, 'EIN');
    assert.equal(information.business_registration_number, '123456789');
    assert.equal(information.business_industry, 'CONSTRUCTION');
    assert.equal(information.website_url, validBrand.website);
    const representative = endUsers.find((user) => user.type === 'authorized_representative_1')!.attributes;
    assert.equal(representative.phone_number, '+18135550100');
    const a2p = endUsers.find((user) => user.type === 'us_a2p_messaging_profile_information')!.attributes;
    assert.deepEqual(a2p, { company_type: 'public', stock_exchange: 'NASDAQ', stock_ticker: 'ECLS' });
    const address = one(fake.calls('api.twilio.com', 'POST', /\/Addresses\.json$/));
    assert.equal(address.form.PostalCode, '33602');
    assert.equal(address.form.IsoCountry, 'US');

    const profileSid = [...fake.bundles.values()].find((bundle) => bundle.kind === 'customer-profile' && bundle.sid !== primaryProfileSid)!.sid;
    const productSid = [...fake.bundles.values()].find((bundle) => bundle.kind === 'trust-product')!.sid;
    assert.ok(fake.bundles.get(profileSid)!.assigned.includes(primaryProfileSid), 'attached to the primary profile');
    assert.equal(fake.bundles.get(profileSid)!.status, 'pending-review');
    assert.equal(fake.bundles.get(productSid)!.status, 'pending-review');
    assert.equal(one(fake.calls('trusthub.twilio.com', 'POST', /^\/v1\/TrustProducts$/)).form.PolicySid, A2P_TRUST_PRODUCT_POLICY_SID);

    const registration = one(fake.calls('messaging.twilio.com', 'POST', /^\/v1\/a2p\/BrandRegistrations$/));
    assert.equal(registration.form.CustomerProfileBundleSid, profileSid);
    assert.equal(registration.form.A2PProfileBundleSid, productSid);
    assert.equal(registration.form.BrandType, 'STANDARD');
    const row = await services.db.brand.findUniqueOrThrow({ where: { businessId: business.businessId } });
    assert.equal(row.carrierSid, [...fake.brands.keys()][0]);

    await poll();
    assert.equal((await setup()).brand?.status, 'pending', 'Twilio still reviewing');
    fake.setBrandStatus(row.carrierSid!, 'APPROVED');
    await poll();
    assert.equal((await setup()).brand?.status, 'verified');
  });

  test('campaign: its own messaging service and the US A2P campaign; a failure is fixed and resubmitted on the same service', async () => {
    let campaign = await send<Campaign>('POST', '/v1/messaging-setup/campaigns', validCampaign);
    await send('POST', `/v1/messaging-setup/campaigns/${campaign.id}/submit`);
    await poll();
    const service = one(fake.calls('messaging.twilio.com', 'POST', /^\/v1\/Services$/));
    assert.equal(service.form.UseInboundWebhookOnNumber, 'true');
    assert.match(String(service.form.FriendlyName), /Echo Landscaping/);
    const create = one(fake.calls('messaging.twilio.com', 'POST', /\/Compliance\/Usa2p$/));
    assert.deepEqual(create.form.MessageSamples, validCampaign.samples);
    assert.equal(create.form.UsAppToPersonUsecase, 'CUSTOMER_CARE');
    assert.equal(create.form.HasEmbeddedLinks, 'false');
    assert.deepEqual(create.form.OptOutKeywords, ['STOP', 'UNSUBSCRIBE']);
    assert.equal(create.form.OptInKeywords, 'START');
    assert.equal(create.form.BrandRegistrationSid, [...fake.brands.keys()][0]);
    let row = await services.db.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
    assert.match(row.carrierSid ?? '', /^QE/);
    assert.match(row.messagingServiceSid ?? '', /^MG/);

    fake.setCampaignStatus(row.carrierSid!, 'FAILED', ['Message flow does not show how consent is collected']);
    await poll();
    campaign = (await setup()).campaigns.find((item) => item.id === campaign.id)!;
    assert.equal(campaign.status, 'rejected');
    assert.equal(campaign.rejectionReason, 'Message flow does not show how consent is collected');

    await send('PUT', `/v1/messaging-setup/campaigns/${campaign.id}`, { ...validCampaign, messageFlow: `${validCampaign.messageFlow} A screenshot is at acme.example.com/consent.` });
    await send('POST', `/v1/messaging-setup/campaigns/${campaign.id}/submit`);
    await poll();
    const firstService = row.messagingServiceSid;
    row = await services.db.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
    assert.equal(row.messagingServiceSid, firstService, 'the same messaging service');
    assert.equal(fake.calls('messaging.twilio.com', 'POST', /^\/v1\/Services$/).length, 1, 'no second service');
    assert.equal(fake.calls('messaging.twilio.com', 'DELETE', /\/Compliance\/Usa2p\/QE/).length, 1, 'the failed campaign was deleted first');
    fake.setCampaignStatus(row.carrierSid!, 'VERIFIED');
    await poll();
    assert.equal((await setup()).campaigns.find((item) => item.id === campaign.id)!.status, 'approved');
  });

  test('assignment: the number joins the campaign\'s messaging service; one in another service fails with Twilio\'s reason', async () => {
    const campaign = (await setup()).campaigns.find((item) => item.status === 'approved')!;
    const serviceSid = (await services.db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).messagingServiceSid!;
    // The "failing" number already sits in another service of the account.
    const failingSid = fake.addIncomingNumber((await services.db.trackingNumber.findUniqueOrThrow({ where: { id: numbers.failingId } })).e164);
    fake.services.set('MG'.padEnd(34, 'f'), { sid: 'MG'.padEnd(34, 'f'), friendlyName: 'Old', numbers: [failingSid] });

    await send('POST', '/v1/messaging-setup/assignments', { campaignId: campaign.id, trackingNumberIds: [numbers.localId, numbers.failingId] });
    await poll();
    const adds = fake.calls('messaging.twilio.com', 'POST', new RegExp(`^/v1/Services/${serviceSid}/PhoneNumbers$`));
    assert.deepEqual(adds.map((request) => request.form.PhoneNumberSid).sort(), [localSid, failingSid].sort());
    assert.equal(fake.calls('api.twilio.com', 'GET', /IncomingPhoneNumbers\.json$/).length, 1, 'only the number without a stored sid is looked up');
    const state = await setup();
    const local = state.numbers.find((number) => number.id === numbers.localId)!;
    assert.equal(local.registration.kind === 'ten-dlc' && local.registration.status, 'assigned');
    assert.equal(local.readiness.canSend, true);
    const failing = state.numbers.find((number) => number.id === numbers.failingId)!;
    assert.equal(failing.registration.kind === 'ten-dlc' && failing.registration.status, 'failed');
    assert.match((failing.registration as { error: string }).error, /another Messaging Service \(Twilio error 21712\)/);
    fake.problems.length = 0; // the 21712 refusal above was the point of this test
  });

  test('toll-free: verification created, rejected with edits allowed, edited in place, approved', async () => {
    const route = `/v1/messaging-setup/toll-free/${numbers.tollFreeId}`;
    await send('PUT', route, { ...validTollFree, optInType: 'qr-code' });
    await send('POST', `${route}/submit`);
    await poll();
    const create = one(fake.calls('messaging.twilio.com', 'POST', /^\/v1\/Tollfree\/Verifications$/));
    assert.equal(create.form.TollfreePhoneNumberSid, tollFreeSid);
    assert.equal(create.form.OptInType, 'MOBILE_QR_CODE');
    assert.deepEqual(create.form.UseCaseCategories, ['CUSTOMER_CARE', 'ACCOUNT_NOTIFICATIONS']);
    assert.equal(create.form.MessageVolume, '1,000');
    assert.equal(create.form.BusinessStreetAddress, validBrand.address.street, 'filled from the brand');
    assert.equal(create.form.ExternalReferenceId, numbers.tollFreeId);
    const sid = (await services.db.trackingNumber.findUniqueOrThrow({ where: { id: numbers.tollFreeId } })).tollFreeCarrierSid!;
    assert.match(sid, /^HH/);

    const status = async () => (await setup()).numbers.find((number) => number.id === numbers.tollFreeId)! as SetupNumber;
    fake.setTollFreeStatus(sid, 'IN_REVIEW');
    await poll();
    assert.equal((await status()).registration.kind === 'toll-free' && ((await status()).registration as { status: string }).status, 'in_review');
    assert.equal((await status()).readiness.state, 'toll_free_pending');

    fake.setTollFreeStatus(sid, 'TWILIO_REJECTED', { reason: 'Opt-in image does not show the consent language', editAllowed: true });
    await poll();
    let number = await status();
    assert.deepEqual(
      { ...number.registration, form: null },
      { kind: 'toll-free', status: 'rejected', reason: 'Opt-in image does not show the consent language', editable: true, form: null },
    );

    await send('PUT', route, { ...validTollFree, optInImageUrls: ['https://acme.example.com/consent-v2.png'] });
    await send('POST', `${route}/submit`);
    await poll();
    const edit = one(fake.calls('messaging.twilio.com', 'POST', new RegExp(`^/v1/Tollfree/Verifications/${sid}$`)));
    assert.deepEqual(edit.form.OptInImageUrls, 'https://acme.example.com/consent-v2.png');
    assert.ok(edit.form.EditReason);
    assert.equal(fake.calls('messaging.twilio.com', 'POST', /^\/v1\/Tollfree\/Verifications$/).length, 1, 'no second verification');
    assert.equal((await services.db.trackingNumber.findUniqueOrThrow({ where: { id: numbers.tollFreeId } })).tollFreeCarrierSid, sid);

    fake.setTollFreeStatus(sid, 'TWILIO_APPROVED');
    await poll();
    number = await status();
    assert.equal((number.registration as { status: string }).status, 'approved');
    assert.equal(number.readiness.state, 'ready');
  });

  test('Twilio outages are retried; refusals become the reason the user sees', async () => {
    const other = await seedBusiness(database.url, 'Foxtrot Pools');
    await unregisterBusiness(database.url, other.businessId);
    const token = await tokenFor(config, other.businessId, 'owner');
    await send('PUT', '/v1/messaging-setup/brand', validBrand, token);
    await send('POST', '/v1/messaging-setup/brand/submit', undefined, token);

    fake.failNext(/^trusthub\.twilio\.com POST \/v1\/CustomerProfiles$/, 503, 20503, 'Service unavailable');
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      await poll();
    } finally {
      console.warn = warn;
    }
    let brand = (await setup(token)).brand as Brand;
    assert.equal(brand.status, 'pending', 'a 503 leaves it pending');
    assert.equal((await services.db.brand.findUniqueOrThrow({ where: { businessId: other.businessId } })).carrierSid, null);

    fake.failNext(/^messaging\.twilio\.com POST \/v1\/a2p\/BrandRegistrations$/, 400, 21604, 'Tax ID is not valid for this business name');
    await poll();
    brand = (await setup(token)).brand as Brand;
    assert.equal(brand.status, 'failed');
    assert.equal(brand.failureReason, 'Tax ID is not valid for this business name (Twilio error 21604)');

    await send('POST', '/v1/messaging-setup/brand/submit', undefined, token);
    await poll();
    const sid = (await services.db.brand.findUniqueOrThrow({ where: { businessId: other.businessId } })).carrierSid!;
    fake.setBrandStatus(sid, 'FAILED', 'The EIN does not match the legal business name');
    await poll();
    brand = (await setup(token)).brand as Brand;
    assert.equal(brand.status, 'failed');
    assert.equal(brand.failureReason, 'The EIN does not match the legal business name');
  });

  test('every request went to the right Twilio host with the account credentials and required fields', () => {
    assert.deepEqual(fake.problems, []);
    const hosts = new Set(fake.requests.map((request) => request.host));
    assert.deepEqual([...hosts].sort(), ['api.twilio.com', 'messaging.twilio.com', 'trusthub.twilio.com']);
  });
});
