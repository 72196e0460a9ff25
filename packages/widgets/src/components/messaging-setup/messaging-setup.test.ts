import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { BRAND_LIMITS, URL_MESSAGE, textMessage, type Role, type ThreadlineClient } from '@threadline/sdk';
import '../../index.ts';
import '../../messaging-setup.ts';
import type { TlSetupSubmitEvent } from '../../events/setup-submit.ts';
import type { TlStringOverrides } from '../../strings.ts';
import { clientFor, closeClients, fixtures, textOf, until, type Fixtures } from '../../testing/server.ts';
import type { TlMessagingSetup } from './messaging-setup.ts';

/** One setup business of scripts/setup-fixtures.ts. */
interface SetupFixture {
  businessId: string;
  tokens: Record<Role, string>;
  numbers: Record<'local' | 'failing' | 'tollFree' | 'canadian' | 'voiceOnly', string>;
  campaignId: string | null;
}
type SetupFixtures = Record<'fresh' | 'brand-verified' | 'campaign-approved', SetupFixture[]>;

const $ = <T extends Element = HTMLElement>(el: TlMessagingSetup, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const $$ = <T extends Element = HTMLElement>(el: TlMessagingSetup, selector: string) => [...el.shadowRoot!.querySelectorAll<T>(selector)];
const control = <T extends HTMLElement = HTMLInputElement>(el: TlMessagingSetup, form: string, path: string) =>
  $<T>(el, `[data-form="${form}"][data-path="${path}"]`)!;
/** The message shown next to a field (what aria-describedby points at). */
const messageOf = (el: TlMessagingSetup, form: string, path: string) => textOf($(el, `#${form}-${path.replace(/\./g, '-')}-message`));
const currentStep = (el: TlMessagingSetup) => textOf($(el, '[aria-current="step"] .step-name'));
const stepButton = (el: TlMessagingSetup, name: string) => $$<HTMLButtonElement>(el, '[part~="step"]').find((button) => textOf(button.querySelector('.step-name')) === name)!;
const status = (el: TlMessagingSetup) => textOf($(el, '.status-row .badge'));
const notices = (el: TlMessagingSetup) => $$(el, '[part~="notice"]').map((notice) => textOf(notice));
const submitButton = (el: TlMessagingSetup) => $<HTMLButtonElement>(el, '[part="submit-button"]')!;

/** Sets a field as a user would leave it: the value, its input (or change) event, then blur. */
async function fill(el: TlMessagingSetup, form: string, path: string, value: string): Promise<void> {
  const field = control<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(el, form, path);
  expect(field, `${form} field ${path}`).to.exist;
  field.value = value;
  field.dispatchEvent(new Event(field.tagName === 'SELECT' ? 'change' : 'input', { bubbles: true, composed: true }));
  field.dispatchEvent(new Event('blur'));
  await el.updateComplete;
}

async function choose(el: TlMessagingSetup, form: string, path: string, value: string): Promise<void> {
  $<HTMLInputElement>(el, `[data-form="${form}"][data-path="${path}"][value="${value}"]`)!.click();
  await el.updateComplete;
}

const BRAND: Array<[string, string]> = [
  ['legalName', 'Acme Plumbing LLC'],
  ['businessType', 'private'],
  ['taxIdCountry', 'US'],
  ['taxId', '123456789'],
  ['industry', 'CONSTRUCTION'],
  ['website', 'https://acme-plumbing.example.com'],
  ['address.street', '100 Main Street'],
  ['address.city', 'Tampa'],
  ['address.region', 'FL'],
  ['address.postalCode', '33602'],
  ['address.country', 'US'],
  ['contact.firstName', 'Ana'],
  ['contact.lastName', 'Reyes'],
  ['contact.email', 'ana@acme-plumbing.example.com'],
  ['contact.phone', '(813) 555-0100'],
];

const OPT_OUT_SAMPLE = 'Hi Sam, your Acme Plumbing visit is booked for Tue 9am. Reply STOP to opt out.';
const CAMPAIGN: Array<[string, string]> = [
  ['useCase', 'CUSTOMER_CARE'],
  ['description', 'Appointment reminders and replies to customers who contacted Acme Plumbing about a repair.'],
  ['messageFlow', 'Customers give their mobile number and tick an SMS consent box on the booking form at acme-plumbing.example.com/book.'],
  ['samples.0', OPT_OUT_SAMPLE],
  ['samples.1', 'Your technician Ana is on the way and will arrive in about 20 minutes.'],
  ['optInKeywords', 'START'],
  ['optInMessage', 'Acme Plumbing: you are subscribed to appointment texts. Reply STOP to opt out.'],
  ['optOutKeywords', 'STOP, unsubscribe'],
  ['optOutMessage', 'Acme Plumbing: you are unsubscribed and will get no more texts.'],
  ['helpKeywords', 'HELP'],
  ['helpMessage', 'Acme Plumbing: call (813) 555-0100 or email help@acme-plumbing.example.com for help.'],
];

async function fillCampaign(el: TlMessagingSetup, overrides: Record<string, string> = {}): Promise<void> {
  for (const [path, value] of CAMPAIGN) await fill(el, 'campaign', path, overrides[path] ?? value);
  for (const path of ['hasLinks', 'hasPhoneNumbers', 'ageGated', 'directLending']) await choose(el, 'campaign', path, 'no');
}

describe('tl-messaging-setup', () => {
  let f: Fixtures;
  let setup: SetupFixtures;
  before(async () => {
    f = await fixtures();
    setup = (f as Fixtures & { setup: SetupFixtures }).setup;
  });
  afterEach(() => closeClients());

  async function mount(
    token: string,
    options: { step?: string; trackingNumberId?: string; strings?: TlStringOverrides } = {},
  ): Promise<{ el: TlMessagingSetup; client: ThreadlineClient }> {
    const client = clientFor(f.baseUrl, token);
    const el = await fixture<TlMessagingSetup>(html`<tl-messaging-setup
      .client=${client}
      .step=${options.step}
      .trackingNumberId=${options.trackingNumberId}
      .strings=${options.strings}
    ></tl-messaging-setup>`);
    await until(() => $(el, '[part="panel"]'), 'the setup to load');
    return { el, client };
  }

  it('brand: submitted as Pending, then Verified live, with the values stored as the server normalizes them', async () => {
    const business = setup.fresh[0]!;
    const { el, client } = await mount(business.tokens.owner);
    expect(currentStep(el)).to.equal('Brand');
    expect(stepButton(el, 'Brand').getAttribute('aria-current')).to.equal('step');
    expect(stepButton(el, 'Campaign').hasAttribute('aria-current')).to.equal(false);
    expect(status(el)).to.equal('Not started');

    for (const [path, value] of BRAND) await fill(el, 'brand', path, value);
    const submitted = oneEvent(el, 'tl-setup-submit');
    submitButton(el).click();
    const event = (await submitted) as unknown as TlSetupSubmitEvent;
    expect([event.kind, event.status]).to.deep.equal(['brand', 'pending']);
    await el.updateComplete;
    expect(status(el)).to.equal('Pending');
    expect(textOf(stepButton(el, 'Brand'))).to.contain('Pending');
    expect(notices(el).join(' ')).to.contain('It can be changed only if verification fails');
    // Submitted forms are locked: no buttons, fields disabled.
    expect($(el, '[part="submit-button"]')).to.equal(null);
    expect(control(el, 'brand', 'legalName').matches(':disabled')).to.equal(true);

    await until(() => status(el) === 'Verified', 'the brand verified, live');
    expect(textOf(stepButton(el, 'Brand'))).to.contain('Verified');
    expect(textOf($(el, '[role="status"]'))).to.contain('Brand: Verified');
    const stored = (await client.setup.get()).brand!;
    expect(stored.status).to.equal('verified');
    expect(stored.submittedBy).to.equal('tester-owner');
    expect(stored.form.taxId).to.equal('12-3456789');
    expect(stored.form.contact?.phone).to.equal('+18135550100');
    expect(control(el, 'brand', 'taxId').value).to.equal('12-3456789');
  });

  it('shows each field’s message next to it, as its native validation message, before anything is sent', async () => {
    const business = setup.fresh[1]!;
    const { el, client } = await mount(business.tokens.owner);
    const website = control(el, 'brand', 'website');
    website.focus();
    await sendKeys({ type: 'acme-plumbing.example.com' });
    expect(messageOf(el, 'brand', 'website')).to.equal('', 'no message while typing a first time');
    await sendKeys({ press: 'Tab' });
    await el.updateComplete;
    expect(messageOf(el, 'brand', 'website')).to.equal(URL_MESSAGE);
    expect(website.validationMessage).to.equal(URL_MESSAGE);
    expect(website.validity.valid).to.equal(false);
    expect(website.getAttribute('aria-invalid')).to.equal('true');
    expect(website.getAttribute('aria-describedby')).to.contain('brand-website-message');

    await fill(el, 'brand', 'taxId', '12-345');
    expect(messageOf(el, 'brand', 'taxId')).to.equal('Enter the EIN as 9 digits, e.g. 12-3456789');
    await fill(el, 'brand', 'taxIdCountry', 'CA');
    expect(messageOf(el, 'brand', 'taxId')).to.equal('Enter the 9-digit Canadian business number');

    // Submitting with empty fields sends nothing: every message shows, focus goes to the first.
    submitButton(el).click();
    await until(() => notices(el).some((notice) => /fields need attention/.test(notice)), 'the summary of fields to fix');
    expect(messageOf(el, 'brand', 'legalName')).to.equal(textMessage(BRAND_LIMITS.legalName));
    expect(messageOf(el, 'brand', 'address.city')).to.equal(textMessage(BRAND_LIMITS.city));
    expect(messageOf(el, 'brand', 'businessType')).to.equal('Choose a business type from the list');
    expect(el.shadowRoot!.activeElement).to.equal(control(el, 'brand', 'legalName'));
    expect((await client.setup.get()).brand, 'nothing was sent').to.equal(null);

    // Fixing a field clears its message and its validity at once.
    await fill(el, 'brand', 'website', 'https://acme-plumbing.example.com');
    expect(messageOf(el, 'brand', 'website')).to.equal('');
    expect(control(el, 'brand', 'website').validity.valid).to.equal(true);

    // A public company must name its listing: the stock fields appear and are checked.
    await fill(el, 'brand', 'businessType', 'public');
    submitButton(el).click();
    await until(() => messageOf(el, 'brand', 'stockExchange') === 'Choose a stock exchange from the list', 'the stock exchange message');
  });

  it('keeps drafts while moving between steps, and saves them on the server', async () => {
    const business = setup.fresh[3]!;
    const { el, client } = await mount(business.tokens.admin);
    await fill(el, 'brand', 'legalName', 'Draft Plumbing LLC');
    await fill(el, 'brand', 'website', 'not a website');
    stepButton(el, 'Campaign').click();
    await until(() => currentStep(el) === 'Campaign', 'the campaign step');
    // Focus moves to the step's heading, so a screen reader starts there.
    await until(() => el.shadowRoot!.activeElement?.id === 'panel-title', 'focus on the step heading');
    await until(async () => (await client.setup.get()).brand?.form.legalName === 'Draft Plumbing LLC', 'the brand draft saved');
    // The bad website stays in the form (the server would refuse it) but is not saved.
    expect((await client.setup.get()).brand?.form.website).to.equal(undefined);
    expect((await client.setup.get()).brand?.status).to.equal('draft');

    await fill(el, 'campaign', 'description', 'Appointment reminders for customers who booked a repair visit online.');
    $<HTMLButtonElement>(el, '[part="save-button"]')!.click();
    await until(() => textOf($(el, '[role="status"]')) === 'Draft saved.', 'the save announced');
    const campaigns = (await client.setup.get()).campaigns;
    expect(campaigns.map((campaign) => [campaign.status, campaign.form.description])).to.deep.equal([
      ['draft', 'Appointment reminders for customers who booked a repair visit online.'],
    ]);

    stepButton(el, 'Brand').click();
    await until(() => currentStep(el) === 'Brand', 'back on the brand step');
    expect(control(el, 'brand', 'legalName').value).to.equal('Draft Plumbing LLC');
    expect(control(el, 'brand', 'website').value).to.equal('not a website');
    stepButton(el, 'Campaign').click();
    await until(() => currentStep(el) === 'Campaign', 'the campaign step again');
    expect(control<HTMLTextAreaElement>(el, 'campaign', 'description').value).to.equal('Appointment reminders for customers who booked a repair visit online.');
  });

  it('campaign: opens once the brand is verified, submitted as Pending, then Approved live', async () => {
    const business = setup['brand-verified'][0]!;
    const { el, client } = await mount(business.tokens.owner);
    expect(currentStep(el)).to.equal('Campaign', 'the first unfinished step');
    expect(textOf(stepButton(el, 'Brand'))).to.contain('Verified');
    await fillCampaign(el);
    expect(control(el, 'campaign', 'samples.1').validity.valid).to.equal(true);
    submitButton(el).click();
    await until(() => status(el) === 'Pending', 'the campaign pending');
    expect(notices(el).join(' ')).to.contain('under review');
    await until(() => status(el) === 'Approved', 'the campaign approved, live');
    expect(textOf(stepButton(el, 'Campaign'))).to.contain('Approved');
    const [campaign] = (await client.setup.get()).campaigns;
    expect(campaign!.status).to.equal('approved');
    expect(campaign!.form.optOutKeywords).to.deep.equal(['STOP', 'UNSUBSCRIBE']);
  });

  it('campaign: rejected for samples without opt-out wording, with the reason; fixed and resubmitted, then approved', async () => {
    const business = setup['brand-verified'][1]!;
    const { el } = await mount(business.tokens.owner);
    await fillCampaign(el, { 'samples.0': 'Hi Sam, your Acme Plumbing visit is booked for Tuesday at 9am.' });
    submitButton(el).click();
    await until(() => status(el) === 'Rejected', 'the campaign rejected, live');
    const reason = notices(el).find((notice) => notice.startsWith('Rejected:'))!;
    expect(reason).to.contain('Sample messages never tell recipients how to opt out');
    expect(reason).to.contain('Fix the form below and resubmit.');
    expect(textOf(submitButton(el))).to.equal('Fix and resubmit');
    expect(control(el, 'campaign', 'samples.0').matches(':disabled')).to.equal(false);

    // A third sample, and the first fixed.
    $$<HTMLButtonElement>(el, 'button').find((button) => textOf(button) === 'Add a sample')!.click();
    await el.updateComplete;
    await fill(el, 'campaign', 'samples.2', 'Reply STOP to stop getting appointment texts from Acme Plumbing.');
    await fill(el, 'campaign', 'samples.0', OPT_OUT_SAMPLE);
    submitButton(el).click();
    await until(() => status(el) === 'Pending', 'resubmitted');
    expect(notices(el).some((notice) => notice.startsWith('Rejected:')), 'the old reason is gone').to.equal(false);
    await until(() => status(el) === 'Approved', 'approved after the fix');
  });

  it('assign: each number shows its own state; Canadian numbers need nothing, toll-free numbers go to their form', async () => {
    const business = setup['campaign-approved'][0]!;
    const { el, client } = await mount(business.tokens.owner);
    expect(currentStep(el)).to.equal('Assign numbers');
    const row = (id: string) => $(el, `#assign-${id}`)!.closest('li')!;
    const box = (id: string) => $<HTMLInputElement>(el, `#assign-${id}`)!;
    expect(textOf(row(business.numbers.local))).to.contain('Not assigned');
    expect(box(business.numbers.voiceOnly).disabled).to.equal(true);
    expect(textOf(row(business.numbers.voiceOnly))).to.contain("can't send texts");
    const others = textOf($(el, '.others'));
    expect(others).to.contain('Ottawa Office');
    expect(others).to.contain('no registration needed');
    expect(others).to.contain('Toll-free numbers are verified with the toll-free form');

    const assignButton = () => $<HTMLButtonElement>(el, '[part="assign-button"]')!;
    expect(assignButton().disabled).to.equal(true, 'nothing chosen yet');
    box(business.numbers.local).click();
    box(business.numbers.failing).click();
    await el.updateComplete;
    assignButton().click();
    await until(() => textOf(row(business.numbers.local)).includes('Pending'), 'the assignment pending');
    await until(() => textOf(row(business.numbers.local)).includes('Assigned'), 'the number assigned, live');
    await until(() => textOf(row(business.numbers.failing)).includes('Failed'), 'the failing number failed');
    expect(textOf(row(business.numbers.failing))).to.contain('Assignment failed:');
    expect(box(business.numbers.local).disabled).to.equal(true);
    expect(box(business.numbers.failing).disabled).to.equal(false, 'a failed number can be tried again');
    const local = (await client.numbers.list()).find((number) => number.id === business.numbers.local)!;
    expect(local.readiness.canSend).to.equal(true);

    $$<HTMLButtonElement>(el, '.others button').find((button) => textOf(button) === 'Open the toll-free form')!.click();
    await until(() => currentStep(el) === 'Toll-free verification', 'the toll-free step');
    expect($<HTMLSelectElement>(el, '#toll-free-choice')!.value).to.equal(business.numbers.tollFree);
    // Started from the brand: same business and website.
    expect(control(el, 'toll-free', 'businessName').value).to.equal('Acme Plumbing LLC');
  });

  it('toll-free: submitted as Pending review, then In review and Approved, for the number it was opened with', async () => {
    const business = setup.fresh[2]!;
    const { el, client } = await mount(business.tokens.owner, { step: 'toll-free', trackingNumberId: business.numbers.tollFree });
    await until(() => currentStep(el) === 'Toll-free verification', 'the toll-free step');
    expect(status(el)).to.equal('Not submitted');
    await fill(el, 'toll-free', 'businessName', 'Acme Plumbing LLC');
    await fill(el, 'toll-free', 'website', 'https://acme-plumbing.example.com');
    await fill(el, 'toll-free', 'notificationEmail', 'ops@acme-plumbing.example.com');
    await fill(el, 'toll-free', 'monthlyVolume', '1,000');
    await fill(el, 'toll-free', 'useCaseSummary', 'Appointment reminders and replies to customers who asked for a quote.');
    await fill(el, 'toll-free', 'productionMessageSample', 'Acme Plumbing: your visit is booked for Tue 9am. Reply STOP to opt out.');
    await fill(el, 'toll-free', 'optInType', 'web-form');
    await fill(el, 'toll-free', 'optInImageUrls', 'https://acme-plumbing.example.com/consent.png');
    submitButton(el).click();
    await until(() => messageOf(el, 'toll-free', 'useCaseCategories') === 'Give 1 to 5 use case categories', 'the categories message');
    await choose(el, 'toll-free', 'useCaseCategories', 'CUSTOMER_CARE');
    expect(messageOf(el, 'toll-free', 'useCaseCategories')).to.equal('');
    submitButton(el).click();
    await until(() => status(el) === 'Pending review', 'pending review');
    expect(notices(el).join(' ')).to.contain('Texts may not deliver until it is approved');
    await until(() => status(el) === 'In review', 'in review, live');
    await until(() => status(el) === 'Approved', 'approved, live');
    const number = (await client.setup.get()).numbers.find((item) => item.id === business.numbers.tollFree)!;
    expect(number.readiness.state).to.equal('ready');
  });

  it('is read only for managers and viewers, with white-label strings', async () => {
    const business = setup['campaign-approved'][1]!;
    for (const role of ['manager', 'viewer'] as const) {
      const { el } = await mount(business.tokens[role], { step: 'brand', strings: { setupStep_brand: 'Marque', setupStatus_verified: 'Vérifiée' } });
      await until(() => currentStep(el) === 'Marque', 'the brand step');
      expect(notices(el)).to.include('You can view messaging setup. Only owners and admins can change it.');
      expect(status(el)).to.equal('Vérifiée');
      expect(control(el, 'brand', 'legalName').value).to.equal('Acme Plumbing LLC');
      expect(control(el, 'brand', 'legalName').matches(':disabled')).to.equal(true);
      expect($(el, '[part="submit-button"]')).to.equal(null);
      expect($(el, '[part="save-button"]')).to.equal(null);
      stepButton(el, 'Assign numbers').click();
      await until(() => currentStep(el) === 'Assign numbers', 'the assign step');
      expect($(el, '[part="assign-button"]')).to.equal(null);
      expect($$<HTMLInputElement>(el, '[part="number"] input[type="checkbox"]').every((box) => box.disabled)).to.equal(true);
    }
  });

  it('passes axe: a form with messages, the numbers, and the read-only view', async () => {
    const owner = await mount(setup.fresh[1]!.tokens.owner);
    submitButton(owner.el).click();
    await until(() => messageOf(owner.el, 'brand', 'legalName'), 'messages');
    await expect(owner.el).to.be.accessible();
    stepButton(owner.el, 'Campaign').click();
    await until(() => currentStep(owner.el) === 'Campaign', 'the campaign step');
    await expect(owner.el).to.be.accessible();
    const assign = await mount(setup['campaign-approved'][0]!.tokens.owner, { step: 'assign' });
    await expect(assign.el).to.be.accessible();
    const viewer = await mount(setup['campaign-approved'][1]!.tokens.viewer, { step: 'toll-free' });
    await expect(viewer.el).to.be.accessible();
  });
});
