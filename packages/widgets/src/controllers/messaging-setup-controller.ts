import type { ReactiveControllerHost } from 'lit';
import {
  BRAND_CHECKS,
  CAMPAIGN_CHECKS,
  CAMPAIGN_LIMITS,
  ThreadlineError,
  asThreadlineError,
  TOLL_FREE_CHECKS,
  type Brand,
  type BrandDraft,
  type Campaign,
  type FieldCheck,
  type MessagingSetup,
  type SetupNumber,
  type ThreadlineClient,
} from '@threadline/sdk';
import { ClientBoundController, type ClientSource } from './client-bound.ts';

/** The steps of messaging setup: the three 10DLC steps, then toll-free verification. */
export type MessagingSetupStep = 'brand' | 'campaign' | 'assign' | 'toll-free';

/** Every step, in order. */
export const MESSAGING_SETUP_STEPS: readonly MessagingSetupStep[] = ['brand', 'campaign', 'assign', 'toll-free'];

/** The three forms of messaging setup. */
export type SetupFormKind = 'brand' | 'campaign' | 'toll-free';

/**
 * A form's values as the user typed them, by field path (`address.city`). Text fields, selects and
 * yes/no questions ('yes' | 'no' | '') are strings; samples and checkbox groups are lists.
 * Keywords are one comma-separated string; opt-in image URLs one per line.
 */
export type SetupFormValues = Record<string, string | string[]>;

/** One form being edited: the values, which fields the user has left, and the server's objections. */
export interface SetupFormState {
  values: SetupFormValues;
  /** Local values differ from what the server has saved. */
  dirty: boolean;
  /** Fields the user has left at least once (their messages show from then on). */
  touched: Set<string>;
  /** A submit was attempted: every field shows its message. */
  attempted: boolean;
  /** What the server said about fields (422), until the field is edited. */
  serverErrors: Record<string, string>;
}

/** Which request is running. */
export type SetupBusy = 'save' | 'submit' | 'assign' | null;

/** What just happened, for the view to announce. */
export type SetupOutcome =
  | { kind: 'saved'; form: SetupFormKind }
  | { kind: 'submitted'; form: SetupFormKind; status: string }
  | { kind: 'assigned'; count: number }
  | { kind: 'invalid'; form: SetupFormKind; fields: string[] };

/** The brand form's fields, in the order they are shown (and checked). */
export const BRAND_FIELDS = [
  'legalName',
  'businessType',
  'taxIdCountry',
  'taxId',
  'industry',
  'website',
  'stockExchange',
  'stockSymbol',
  'address.street',
  'address.city',
  'address.region',
  'address.postalCode',
  'address.country',
  'contact.firstName',
  'contact.lastName',
  'contact.email',
  'contact.phone',
] as const;

/** The campaign form's fields, in order. `samples` is a list; each entry is checked as `samples.N`. */
export const CAMPAIGN_FIELDS = [
  'useCase',
  'description',
  'messageFlow',
  'samples',
  'hasLinks',
  'hasPhoneNumbers',
  'optInKeywords',
  'optInMessage',
  'optOutKeywords',
  'optOutMessage',
  'helpKeywords',
  'helpMessage',
  'ageGated',
  'directLending',
] as const;

/** The toll-free verification form's fields, in order. */
export const TOLL_FREE_FIELDS = [
  'businessName',
  'website',
  'notificationEmail',
  'useCaseCategories',
  'useCaseSummary',
  'productionMessageSample',
  'optInType',
  'optInImageUrls',
  'monthlyVolume',
] as const;

const FIELDS: Record<SetupFormKind, readonly string[]> = { brand: BRAND_FIELDS, campaign: CAMPAIGN_FIELDS, 'toll-free': TOLL_FREE_FIELDS };
const CHECKS: Record<SetupFormKind, Record<string, FieldCheck>> = { brand: BRAND_CHECKS, campaign: CAMPAIGN_CHECKS, 'toll-free': TOLL_FREE_CHECKS };
const YES_NO_FIELDS = new Set(['hasLinks', 'hasPhoneNumbers', 'ageGated', 'directLending']);
const KEYWORD_FIELDS = new Set(['optInKeywords', 'optOutKeywords', 'helpKeywords']);
const LIST_FIELDS = new Set(['samples', 'useCaseCategories']);
/** What an empty form starts with: the country most users are in, the keywords every carrier expects. */
const DEFAULTS: Record<string, string | string[]> = {
  taxIdCountry: 'US',
  'address.country': 'US',
  optInKeywords: ['START'],
  optOutKeywords: ['STOP'],
  helpKeywords: ['HELP'],
};
/** A first toll-free form starts from the brand (usually the same business and website): brand path by field. */
const FROM_BRAND: Record<string, string> = { businessName: 'legalName', website: 'website', notificationEmail: 'contact.email' };

const text = (values: SetupFormValues, path: string): string => {
  const value = values[path];
  return typeof value === 'string' ? value : '';
};
const list = (values: SetupFormValues, path: string): string[] => {
  const value = values[path];
  return Array.isArray(value) ? value : [];
};
/** Reads a dotted path (`address.city`) of a saved form. */
const read = (form: object | null | undefined, path: string): unknown =>
  path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], form);
/** Keywords are typed comma-separated, opt-in image URLs one per line. */
const separator = (path: string): string | undefined => (KEYWORD_FIELDS.has(path) ? ',' : path === 'optInImageUrls' ? '\n' : undefined);

/** A form's values as the user edits them, from the server's saved form (or empty ones). */
function formValues(kind: SetupFormKind, form: object | null | undefined, brand?: BrandDraft): SetupFormValues {
  const values: SetupFormValues = {};
  for (const path of FIELDS[kind]) {
    const fromBrand = form ? undefined : FROM_BRAND[path];
    const value = read(form, path) ?? (fromBrand && read(brand, fromBrand)) ?? DEFAULTS[path];
    const split = separator(path);
    if (typeof value === 'boolean') values[path] = value ? 'yes' : 'no';
    else if (LIST_FIELDS.has(path)) values[path] = [...((value as string[] | undefined) ?? [])];
    else values[path] = split ? ((value as string[] | undefined) ?? []).join(split === ',' ? ', ' : split) : ((value as string | undefined) ?? '');
  }
  const samples = values.samples;
  if (samples) while (samples.length < CAMPAIGN_LIMITS.samples.min) (samples as string[]).push('');
  return values;
}

/** A field's value as the server takes it; undefined for an empty field, so a draft leaves it out rather than sending "". */
function serverValue(values: SetupFormValues, path: string): unknown {
  if (LIST_FIELDS.has(path)) return list(values, path);
  const value = text(values, path);
  if (YES_NO_FIELDS.has(path)) return value === 'yes' ? true : value === 'no' ? false : undefined;
  const split = separator(path);
  if (split) {
    return value
      .split(split)
      .map((item) => item.trim())
      .filter(Boolean);
  }
  return value.trim() === '' ? undefined : value;
}

const serverForm = (kind: SetupFormKind, values: SetupFormValues): Record<string, unknown> =>
  Object.fromEntries(FIELDS[kind].map((path) => [path, serverValue(values, path)]));

/** Every field's problem, by path, with the shared (server's) checks; `samples.N` for each sample. */
function formChecks(kind: SetupFormKind, values: SetupFormValues): Record<string, string> {
  const form = serverForm(kind, values);
  const checks = CHECKS[kind];
  const errors: Record<string, string> = {};
  for (const path of FIELDS[kind]) {
    // Sole proprietors often have no EIN: the server checks a tax id only when one is given.
    if (path === 'taxId' && form.taxId === undefined && form.businessType === 'sole-proprietor') continue;
    if (path === 'samples') {
      list(values, path).forEach((sample, index) => {
        const message = checks.sample!(sample, form);
        if (message) errors[`samples.${index}`] = message;
      });
    }
    const message = checks[path]?.(form[path], form);
    if (message) errors[path] = message;
  }
  return errors;
}

/** The draft to save: the fields that pass their checks, nested as the server's form is (`address.city`). */
function formDraft(kind: SetupFormKind, values: SetupFormValues, errors: Record<string, string>): Record<string, unknown> {
  const form = serverForm(kind, values);
  const draft: Record<string, unknown> = {};
  for (const path of FIELDS[kind]) {
    let value = form[path];
    // A draft keeps the samples that are already good; the others stay in the form until fixed.
    if (path === 'samples') value = (value as string[]).filter((_, index) => !errors[`samples.${index}`]);
    else if (value === undefined || errors[path]) continue;
    // Only public companies list a stock.
    if (path.startsWith('stock') && form.businessType !== 'public') continue;
    const [group, field] = path.split('.') as [string, string | undefined];
    draft[group] = field ? { ...(draft[group] as object | undefined), [field]: value } : value;
  }
  return draft;
}

/** The order a form's messages are shown in (samples expand to each sample). */
function fieldOrder(kind: SetupFormKind, values: SetupFormValues): string[] {
  return FIELDS[kind].flatMap((path) => (path === 'samples' ? ['samples', ...list(values, 'samples').map((_, index) => `samples.${index}`)] : [path]));
}

/** The form field a server error names: list entries of checkbox and line fields belong to the field. */
function fieldOfServerPath(kind: SetupFormKind, path: string, values: SetupFormValues): string | null {
  const known = new Set(fieldOrder(kind, values));
  if (known.has(path)) return path;
  const parent = path.replace(/\.\d+$/, '');
  return known.has(parent) ? parent : null;
}

function newFormState(values: SetupFormValues): SetupFormState {
  return { values, dirty: false, touched: new Set(), attempted: false, serverErrors: {} };
}

/** Options of `MessagingSetupController`. */
export interface MessagingSetupControllerOptions {
  client?: ClientSource;
  /** How long to wait after a live event before reloading (several events often arrive together). Default 150 ms. */
  refreshDelayMs?: number;
}

const NEW_CAMPAIGN = 'new';

/**
 * The logic of `tl-messaging-setup`: the setup state (brand, campaigns, numbers with their
 * registration), kept live by `setup.updated` / `number.updated` events; the forms with drafts
 * that survive moving between steps and are saved with the PUT draft endpoints; the same field
 * checks as the server (from `@threadline/sdk`); submit, fix-and-resubmit and number assignment.
 * @example
 * setup = new MessagingSetupController(this, { client });
 * // <input .value=${setup.value('brand', 'legalName')} @input=${(e) => setup.setValue('brand', 'legalName', e.target.value)}>
 * // <button @click=${() => setup.submit('brand')}>Submit</button>
 */
export class MessagingSetupController extends ClientBoundController {
  /** Brand, campaigns, numbers and whether the user may edit; undefined until loaded. */
  setup: MessagingSetup | undefined;
  /** The first load is running. */
  loading = true;
  /** Why the setup could not be loaded. */
  loadError: ThreadlineError | null = null;
  /** The step shown. */
  step: MessagingSetupStep = 'brand';
  /** The request running, if any. */
  busy: SetupBusy = null;
  /** Why the last save, submit or assignment was refused (other than field errors). */
  actionError: ThreadlineError | null = null;
  /** What the last action did, for announcements. */
  outcome: SetupOutcome | null = null;
  /** Numbers chosen in the assign step. */
  selectedNumbers = new Set<string>();

  #forms = new Map<string, SetupFormState>();
  #stepChosen = false;
  #campaignKey: string | undefined;
  #assignCampaignId: string | undefined;
  #tollFreeId: string | undefined;
  #stops: Array<() => void> = [];
  #run = 0;
  #refreshTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #refreshDelay: number;

  constructor(host: ReactiveControllerHost, options: MessagingSetupControllerOptions = {}) {
    super(host, options.client);
    this.#refreshDelay = options.refreshDelayMs ?? 150;
  }

  protected attach(client: ThreadlineClient): void {
    const later = () => this.#scheduleRefresh();
    this.#stops.push(client.on('setup.updated', later), client.on('number.updated', later), client.on('connection.recovered', later));
    this.loading = true;
    void this.refresh();
  }

  protected detach(): void {
    for (const stop of this.#stops.splice(0)) stop();
    clearTimeout(this.#refreshTimer);
    this.#run++;
    this.setup = undefined;
    this.#forms.clear();
    this.selectedNumbers.clear();
    this.busy = null;
    this.actionError = null;
    this.outcome = null;
  }

  #scheduleRefresh(): void {
    clearTimeout(this.#refreshTimer);
    this.#refreshTimer = setTimeout(() => void this.refresh(), this.#refreshDelay);
  }

  /** Loads the setup again; a load overtaken by a newer one is dropped. */
  async refresh(): Promise<void> {
    const client = this.client;
    if (!client) return;
    const run = ++this.#run;
    try {
      const setup = await client.setup.get();
      if (run !== this.#run) return;
      this.#apply(setup);
      this.loadError = null;
    } catch (error) {
      if (run !== this.#run) return;
      this.loadError = asThreadlineError(error);
    } finally {
      if (run === this.#run) {
        this.loading = false;
        this.host.requestUpdate();
      }
    }
  }

  #apply(setup: MessagingSetup): void {
    this.setup = setup;
    // The first load opens the first unfinished step; later ones never move the user elsewhere.
    if (!this.#stepChosen) {
      this.step = this.suggestedStep;
      this.#stepChosen = true;
    }
    // Forms the user has not changed follow the server (a status change, a normalized value);
    // changed ones keep what the user typed.
    for (const [key, state] of this.#forms) {
      if (state.dirty) continue;
      const fresh = this.#serverValues(key);
      if (fresh) state.values = fresh;
    }
    for (const id of [...this.selectedNumbers]) {
      const number = setup.numbers.find((item) => item.id === id);
      if (!number || number.registration.kind !== 'ten-dlc' || ['pending', 'assigned'].includes(number.registration.status)) this.selectedNumbers.delete(id);
    }
  }

  /** Whether the user's role may change setup (owner, admin). */
  get canEdit(): boolean {
    return this.setup?.canEdit ?? false;
  }

  /** The first step that still needs the user, for opening the widget at the right place. */
  get suggestedStep(): MessagingSetupStep {
    const setup = this.setup;
    if (!setup) return 'brand';
    const usLocal = this.tenDlcNumbers.filter((number) => number.smsCapable);
    const tollFree = this.tollFreeNumbers;
    if (!usLocal.length && tollFree.length) return 'toll-free';
    if (setup.brand?.status !== 'verified') return 'brand';
    if (!setup.campaigns.some((campaign) => campaign.status === 'approved')) return 'campaign';
    if (usLocal.some((number) => number.registration.kind === 'ten-dlc' && number.registration.status !== 'assigned')) return 'assign';
    if (tollFree.some((number) => number.registration.kind === 'toll-free' && number.registration.status !== 'approved')) return 'toll-free';
    return 'assign';
  }

  /**
   * Opens a step, first saving the draft of the form being left (when it changed and may be
   * saved), so nothing typed is lost. `trackingNumberId` picks the toll-free number, or a US local
   * number to assign.
   */
  async goTo(step: MessagingSetupStep, trackingNumberId?: string): Promise<void> {
    const leaving = this.#currentFormKind();
    // Started before anything moves: the save reads which form it is for synchronously.
    const saved = leaving && this.#saveLeft(leaving);
    this.#stepChosen = true;
    this.step = step;
    this.actionError = null;
    this.outcome = null;
    if (trackingNumberId) this.focusNumber(trackingNumberId);
    this.host.requestUpdate();
    await saved;
  }

  /** Points the widget at a number: its toll-free form, or (US local) its box in the assign step. */
  focusNumber(trackingNumberId: string): void {
    const number = this.setup?.numbers.find((item) => item.id === trackingNumberId);
    if (number && number.registration.kind === 'toll-free') this.#tollFreeId = number.id;
    if (number && number.registration.kind === 'ten-dlc' && ['unassigned', 'failed'].includes(number.registration.status) && number.smsCapable) {
      this.selectedNumbers.add(number.id);
    }
    this.host.requestUpdate();
  }

  #currentFormKind(): SetupFormKind | null {
    const step = this.step;
    return step === 'assign' || (step === 'toll-free' && !this.tollFreeNumber) ? null : step;
  }

  /** Saves, in the background, the draft of a form being left, when it changed and may be saved. */
  #saveLeft(kind: SetupFormKind): Promise<boolean> | undefined {
    return this.form(kind).dirty && this.editable(kind) ? this.saveDraft(kind, { quiet: true }) : undefined;
  }

  // ---------------------------------------------------------------- subjects

  /** The campaign shown in the campaign step: the one chosen, else the one in progress, else the newest; undefined for a new one. */
  get campaign(): Campaign | undefined {
    const campaigns = this.setup?.campaigns ?? [];
    if (this.#campaignKey === NEW_CAMPAIGN) return undefined;
    const chosen = campaigns.find((campaign) => campaign.id === this.#campaignKey);
    if (chosen) return chosen;
    return campaigns.findLast((campaign) => campaign.status !== 'approved') ?? campaigns.at(-1);
  }

  /** Shows a campaign in the campaign step (null: start a new one). */
  selectCampaign(campaignId: string | null): void {
    void this.#saveLeft('campaign');
    this.#campaignKey = campaignId ?? NEW_CAMPAIGN;
    if (campaignId === null) this.#forms.delete(`campaign:${NEW_CAMPAIGN}`);
    this.actionError = null;
    this.host.requestUpdate();
  }

  /** Approved campaigns, which numbers can be assigned to. */
  get approvedCampaigns(): Campaign[] {
    return (this.setup?.campaigns ?? []).filter((campaign) => campaign.status === 'approved');
  }

  /** The campaign numbers are assigned to: the one chosen, else the newest approved. */
  get assignCampaign(): Campaign | undefined {
    const approved = this.approvedCampaigns;
    return approved.find((campaign) => campaign.id === this.#assignCampaignId) ?? approved.at(-1);
  }

  /** Chooses the campaign to assign numbers to. */
  selectAssignCampaign(campaignId: string): void {
    this.#assignCampaignId = campaignId;
    this.host.requestUpdate();
  }

  /** US local numbers: the ones 10DLC registers. */
  get tenDlcNumbers(): SetupNumber[] {
    return this.#numbers('ten-dlc');
  }

  /** Toll-free numbers, each verified on its own. */
  get tollFreeNumbers(): SetupNumber[] {
    return this.#numbers('toll-free');
  }

  /** Numbers that need no registration (Canadian local). */
  get unregisteredNumbers(): SetupNumber[] {
    return this.#numbers('none');
  }

  #numbers(kind: SetupNumber['registration']['kind']): SetupNumber[] {
    return (this.setup?.numbers ?? []).filter((number) => number.registration.kind === kind);
  }

  /** The toll-free number shown in the toll-free step. */
  get tollFreeNumber(): SetupNumber | undefined {
    const numbers = this.tollFreeNumbers;
    return (
      numbers.find((number) => number.id === this.#tollFreeId) ??
      numbers.find((number) => number.registration.kind === 'toll-free' && number.registration.status !== 'approved') ??
      numbers[0]
    );
  }

  /** Shows a toll-free number's form (saving the draft of the one left). */
  selectTollFree(trackingNumberId: string): void {
    const leaving = this.tollFreeNumber;
    if (leaving && leaving.id !== trackingNumberId) void this.#saveLeft('toll-free');
    this.#tollFreeId = trackingNumberId;
    this.actionError = null;
    this.host.requestUpdate();
  }

  // ---------------------------------------------------------------- forms

  #key(kind: SetupFormKind): string {
    if (kind === 'brand') return 'brand';
    if (kind === 'campaign') return `campaign:${this.campaign?.id ?? NEW_CAMPAIGN}`;
    return `toll-free:${this.tollFreeNumber?.id ?? ''}`;
  }

  #serverValues(key: string): SetupFormValues | null {
    const setup = this.setup;
    if (key === 'brand') return formValues(key, setup?.brand?.form);
    const [kind, id] = key.split(':') as ['campaign' | 'toll-free', string];
    if (kind === 'campaign') {
      const campaign = setup?.campaigns.find((item) => item.id === id);
      return campaign ? formValues(kind, campaign.form) : null;
    }
    const registration = setup?.numbers.find((item) => item.id === id)?.registration;
    return registration?.kind === kind ? formValues(kind, registration.form, this.#prefill()) : null;
  }

  /** The brand form a new toll-free form starts from; not for read-only viewers, who would take it for saved data. */
  #prefill(): BrandDraft | undefined {
    return this.canEdit ? this.setup?.brand?.form : undefined;
  }

  /** A form's state (created from the server's saved form on first use). */
  form(kind: SetupFormKind): SetupFormState {
    const key = this.#key(kind);
    let state = this.#forms.get(key);
    if (!state) {
      state = newFormState(this.#serverValues(key) ?? formValues(kind, null, this.#prefill()));
      this.#forms.set(key, state);
    }
    return state;
  }

  /** Whether the form shown for `kind` may be changed now: the role allows it and the server's status does. */
  editable(kind: SetupFormKind): boolean {
    if (!this.canEdit) return false;
    // The server's `editable`; a brand or campaign not started yet is a new, editable form.
    if (kind !== 'toll-free') return (kind === 'brand' ? this.setup?.brand : this.campaign)?.editable ?? true;
    const registration = this.tollFreeNumber?.registration;
    return registration?.kind === kind && registration.editable;
  }

  /** A field's value as typed. */
  value(kind: SetupFormKind, path: string): string {
    return text(this.form(kind).values, path);
  }

  /** A list field's entries (samples, use case categories). */
  listValue(kind: SetupFormKind, path: string): string[] {
    return list(this.form(kind).values, path);
  }

  /** Sets a field as the user types. */
  setValue(kind: SetupFormKind, path: string, value: string | string[]): void {
    const state = this.form(kind);
    state.values = { ...state.values, [path]: value };
    state.dirty = true;
    delete state.serverErrors[path];
    // Changing the country changes which tax id format applies.
    if (path === 'taxIdCountry') delete state.serverErrors.taxId;
    this.outcome = null;
    this.host.requestUpdate();
  }

  /** Sets one sample message. */
  setSample(index: number, value: string): void {
    const samples = [...this.listValue('campaign', 'samples')];
    samples[index] = value;
    this.setValue('campaign', 'samples', samples);
    delete this.form('campaign').serverErrors[`samples.${index}`];
  }

  /** Adds an empty sample (up to the most a campaign may have). */
  addSample(): void {
    const samples = this.listValue('campaign', 'samples');
    if (samples.length >= CAMPAIGN_LIMITS.samples.max) return;
    this.setValue('campaign', 'samples', [...samples, '']);
  }

  /** Removes a sample (down to the fewest a campaign needs). */
  removeSample(index: number): void {
    const samples = this.listValue('campaign', 'samples');
    if (samples.length <= CAMPAIGN_LIMITS.samples.min) return;
    const state = this.form('campaign');
    // Messages of later samples would point at the wrong box once they move up.
    for (const key of Object.keys(state.serverErrors)) if (key.startsWith('samples.')) delete state.serverErrors[key];
    for (const key of [...state.touched]) if (key.startsWith('samples.')) state.touched.delete(key);
    this.setValue('campaign', 'samples', samples.filter((_, position) => position !== index));
  }

  /** Marks a field as left by the user: its message shows from now on. */
  touch(kind: SetupFormKind, path: string): void {
    const state = this.form(kind);
    if (state.touched.has(path)) return;
    const before = this.message(kind, path);
    state.touched.add(path);
    // Only when its message appears: a field removed while focused (a step change) blurs mid-render.
    if (this.message(kind, path) !== before) this.host.requestUpdate();
  }

  /** Every field's problem now, by path, in the shared (server's) words. */
  checks(kind: SetupFormKind): Record<string, string> {
    return formChecks(kind, this.form(kind).values);
  }

  /** A field's problem, shown or not: the server's objection first, else the shared check. */
  problem(kind: SetupFormKind, path: string): string | null {
    const state = this.form(kind);
    return state.serverErrors[path] ?? this.checks(kind)[path] ?? null;
  }

  /** The message to show next to a field now: once it was left, or a submit was tried, or the server objected. */
  message(kind: SetupFormKind, path: string): string | null {
    const state = this.form(kind);
    if (state.serverErrors[path]) return state.serverErrors[path]!;
    if (!state.attempted && !state.touched.has(path)) return null;
    return this.checks(kind)[path] ?? null;
  }

  /** The fields with a problem, in the order they are shown. */
  invalidFields(kind: SetupFormKind): string[] {
    const state = this.form(kind);
    const checks = this.checks(kind);
    return fieldOrder(kind, state.values).filter((path) => state.serverErrors[path] || checks[path]);
  }

  // ---------------------------------------------------------------- saving and submitting

  /**
   * Saves the form as a draft. Only fields that pass their checks are sent (the server refuses a
   * draft with a bad field); the rest stay in the form until fixed. Resolves true when saved.
   */
  async saveDraft(kind: SetupFormKind, options: { quiet?: boolean } = {}): Promise<boolean> {
    const client = this.client;
    if (!client || !this.editable(kind) || (this.busy && !options.quiet)) return false;
    const key = this.#key(kind);
    const state = this.form(kind);
    const checks = this.checks(kind);
    const valuesSent = state.values;
    if (!options.quiet) this.#start('save');
    try {
      await this.#save(client, kind, key, state, checks);
      // Still dirty when some field could not be sent, or the user typed on meanwhile.
      state.dirty = state.values !== valuesSent || Object.keys(checks).length > 0;
      if (!options.quiet) this.outcome = { kind: 'saved', form: kind };
      return true;
    } catch (error) {
      // A background save (moving between steps) that fails leaves the form dirty with everything
      // typed in it, and the next save or submit says what is wrong where the user is looking.
      if (!options.quiet) this.#fail(kind, state, error);
      return false;
    } finally {
      if (!options.quiet) this.busy = null;
      this.host.requestUpdate();
    }
  }

  async #save(client: ThreadlineClient, kind: SetupFormKind, key: string, state: SetupFormState, checks: Record<string, string>): Promise<void> {
    const draft = formDraft(kind, state.values, checks);
    if (kind === 'brand') {
      this.#patch({ brand: await client.setup.saveBrand(draft) });
    } else if (kind === 'campaign') {
      const existing = key.slice('campaign:'.length);
      const campaign = existing === NEW_CAMPAIGN ? await client.setup.createCampaign(draft) : await client.setup.saveCampaign(existing, draft);
      if (existing === NEW_CAMPAIGN) {
        // The new campaign has an id now: its form moves under it.
        this.#forms.delete(key);
        this.#forms.set(`campaign:${campaign.id}`, state);
        if (this.#campaignKey === NEW_CAMPAIGN || this.#campaignKey === undefined) this.#campaignKey = campaign.id;
      }
      this.#patch({ campaign });
    } else {
      this.#patch({ numbers: [await client.setup.saveTollFree(key.slice('toll-free:'.length), draft)] });
    }
  }

  /**
   * Submits (or resubmits) a form: checks every field first and, if any is wrong, submits nothing
   * and marks them all (`outcome.kind === 'invalid'`). Then saves it and submits it. Field
   * objections from the server land next to their fields. Resolves true when submitted.
   */
  async submit(kind: SetupFormKind): Promise<boolean> {
    const client = this.client;
    if (!client || !this.editable(kind) || this.busy) return false;
    const key = this.#key(kind);
    const state = this.form(kind);
    state.attempted = true;
    const invalid = this.invalidFields(kind);
    if (invalid.length) {
      this.outcome = { kind: 'invalid', form: kind, fields: invalid };
      this.host.requestUpdate();
      return false;
    }
    this.#start('submit');
    try {
      await this.#save(client, kind, key, state, {});
      let status = '';
      if (kind === 'toll-free') {
        const number = await client.setup.submitTollFree(this.tollFreeNumber!.id);
        this.#patch({ numbers: [number] });
        if (number.registration.kind === kind) status = number.registration.status;
      } else {
        const subject = kind === 'brand' ? await client.setup.submitBrand() : await client.setup.submitCampaign(this.campaign!.id);
        this.#patch({ [kind]: subject });
        status = subject.status;
      }
      state.dirty = false;
      state.attempted = false;
      state.touched.clear();
      const fresh = this.#serverValues(this.#key(kind));
      if (fresh) state.values = fresh;
      this.outcome = { kind: 'submitted', form: kind, status };
      return true;
    } catch (error) {
      this.#fail(kind, state, error);
      return false;
    } finally {
      this.busy = null;
      this.host.requestUpdate();
    }
  }

  /** Chooses or unchooses a number to assign. */
  toggleNumber(trackingNumberId: string, chosen: boolean): void {
    if (chosen) this.selectedNumbers.add(trackingNumberId);
    else this.selectedNumbers.delete(trackingNumberId);
    this.actionError = null;
    this.host.requestUpdate();
  }

  /** Assigns the chosen numbers to the assign campaign. Resolves true when the server accepted. */
  async assign(): Promise<boolean> {
    const client = this.client;
    const campaign = this.assignCampaign;
    const ids = [...this.selectedNumbers];
    if (!client || !campaign || !ids.length || !this.canEdit || this.busy) return false;
    this.#start('assign');
    try {
      const result = await client.setup.assignNumbers({ campaignId: campaign.id, trackingNumberIds: ids });
      this.#patch({ numbers: result.numbers });
      this.selectedNumbers.clear();
      this.outcome = { kind: 'assigned', count: result.numbers.length };
      return true;
    } catch (error) {
      this.actionError = asThreadlineError(error);
      return false;
    } finally {
      this.busy = null;
      this.host.requestUpdate();
    }
  }

  #start(busy: SetupBusy): void {
    this.busy = busy;
    this.actionError = null;
    this.outcome = null;
    this.host.requestUpdate();
  }

  // A refusal that names fields goes next to them; anything else is shown above the form.
  #fail(kind: SetupFormKind, state: SetupFormState, error: unknown): void {
    const failure = asThreadlineError(error);
    if (failure.status === 422) {
      const issues = Array.isArray(failure.details.issues)
        ? (failure.details.issues as Array<{ field?: unknown; message?: unknown }>)
        : [{ field: failure.details.field, message: failure.message }];
      const placed: string[] = [];
      for (const issue of issues) {
        if (typeof issue.field !== 'string') continue;
        const field = fieldOfServerPath(kind, issue.field, state.values);
        if (!field || state.serverErrors[field]) continue;
        const message = String(issue.message ?? failure.message);
        state.serverErrors[field] = message.startsWith(`${issue.field}: `) ? message.slice(issue.field.length + 2) : message;
        placed.push(field);
      }
      if (placed.length) {
        state.attempted = true;
        this.outcome = { kind: 'invalid', form: kind, fields: this.invalidFields(kind) };
        return;
      }
    }
    this.actionError = failure;
    // The server knows better than this page (someone else submitted, a review ended): catch up.
    if (failure.status === 409) void this.refresh();
  }

  #patch(change: { brand?: Brand; campaign?: Campaign; numbers?: SetupNumber[] }): void {
    const setup = this.setup;
    if (!setup) return;
    const numbers = change.numbers ? setup.numbers.map((number) => change.numbers!.find((item) => item.id === number.id) ?? number) : setup.numbers;
    let campaigns = setup.campaigns;
    if (change.campaign) {
      const campaign = change.campaign;
      campaigns = campaigns.some((item) => item.id === campaign.id) ? campaigns.map((item) => (item.id === campaign.id ? campaign : item)) : [...campaigns, campaign];
    }
    this.setup = { ...setup, brand: change.brand ?? setup.brand, campaigns, numbers };
    // A load already running may hold older or newer data than this answer: drop it, and load
    // again shortly, so the view always ends on the server's latest state.
    this.#run++;
    this.loading = false;
    this.#scheduleRefresh();
  }
}
