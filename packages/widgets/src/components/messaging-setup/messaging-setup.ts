import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import {
  BUSINESS_TYPES,
  CAMPAIGN_LIMITS,
  CAMPAIGN_USE_CASES,
  INDUSTRIES,
  MONTHLY_VOLUMES,
  OPT_IN_TYPES,
  SETUP_COUNTRIES,
  STOCK_EXCHANGES,
  TOLL_FREE_USE_CASE_CATEGORIES,
  type Campaign,
  type SetupNumber,
} from '@threadline/sdk';
import {
  MESSAGING_SETUP_STEPS,
  MessagingSetupController,
  type MessagingSetupStep,
  type SetupFormKind,
} from '../../controllers/messaging-setup-controller.ts';
import { TlSetupSubmitEvent } from '../../events/setup-submit.ts';
import { formatDateTime } from '../../format.ts';
import { TlElement } from '../../internal/tl-element.ts';
import { format, type TlStrings } from '../../strings.ts';
import './messaging-setup.strings.ts';
import { messagingSetupStyles } from './messaging-setup.styles.ts';

type Option = readonly [value: string, label: string];
type Tone = 'success' | 'warning' | 'danger' | 'neutral';

interface FieldSpec {
  type?: 'text' | 'email' | 'url' | 'tel' | 'textarea' | 'select' | 'yes-no' | 'checkboxes';
  options?: readonly Option[];
  autocomplete?: string;
  /** Key of a hint string shown under the field. */
  hint?: keyof TlStrings;
  required?: boolean;
  rows?: number;
}
/** A fieldset of a form: its `setupGroup_<name>` legend and its fields. */
type FieldGroup = [name: string, fields: Array<[path: string, spec: FieldSpec]>];

const TEXTAREA: FieldSpec = { type: 'textarea' };
const SHORT_TEXTAREA: FieldSpec = { type: 'textarea', rows: 2 };

/** A status's badge colour: done, waiting on someone, refused, or nothing to show. */
const toneOf = (status: string): Tone =>
  /^(verified|approved|assigned)$/.test(status) ? 'success' : /^(pending|in_review)/.test(status) ? 'warning' : /^(failed|rejected)$/.test(status) ? 'danger' : 'neutral';

const isStep = (value: unknown): value is MessagingSetupStep => MESSAGING_SETUP_STEPS.includes(value as MessagingSetupStep);
const domId = (kind: string, path: string) => `${kind}-${path.replace(/\./g, '-')}`;
const humanize = (code: string) => code.charAt(0) + code.slice(1).toLowerCase().replace(/_/g, ' ');

/**
 * @summary Messaging setup in one place: the three 10DLC steps (brand, campaign, number
 * assignment) and toll-free verification, with a stepper, status badges, rejection reasons and a
 * fix-and-resubmit path.
 *
 * Owners and admins fill in and submit the forms; managers and viewers see the same screens read
 * only (the server refuses their writes too). Every field is checked with the server's own rules
 * (from `@threadline/sdk`) before anything is sent; the message shows next to the field, is the
 * field's native validation message, and is linked to it with `aria-describedby`. What the user
 * types is kept while moving between steps, and saved as a draft on the server when leaving a form.
 * Statuses follow the server live (`setup.updated`, `number.updated`).
 *
 * @event tl-setup-submit - The server accepted a submission or an assignment (`TlSetupSubmitEvent`: `kind`, `id`, `status`).
 *
 * @csspart base - The whole widget.
 * @csspart title - The heading.
 * @csspart stepper - The list of steps.
 * @csspart step - One step's button (also `step-current` on the open one).
 * @csspart badge - A status badge (also `badge-success`, `badge-warning`, `badge-danger`, `badge-neutral`).
 * @csspart panel - The open step.
 * @csspart notice - A notice (also `notice-error`, `notice-warning`, `notice-info`).
 * @csspart form - A step's form.
 * @csspart field - One field with its label, hint and message.
 * @csspart field-message - The validation message next to a field.
 * @csspart actions - The form's buttons.
 * @csspart save-button - "Save draft".
 * @csspart submit-button - "Submit" / "Fix and resubmit".
 * @csspart numbers - The list of numbers in the assign step.
 * @csspart number - One number with its assignment state.
 * @csspart assign-button - "Assign selected numbers".
 *
 * @cssproperty --tl-color-success - Verified / approved / assigned badges.
 * @cssproperty --tl-color-warning - Pending badges, with --tl-color-warning-surface.
 * @cssproperty --tl-color-danger - Failed / rejected badges and field messages, with --tl-color-danger-surface.
 * @cssproperty --tl-messaging-setup-max-width - Widest the forms grow (default 48rem).
 */
@customElement('tl-messaging-setup')
export class TlMessagingSetup extends TlElement {
  static override styles = messagingSetupStyles;
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  /** The step to open (`brand`, `campaign`, `assign`, `toll-free`); the first unfinished one when unset. */
  @property() step: MessagingSetupStep | undefined;

  /** A number the user came from: opens its toll-free form, or preselects it for assignment. */
  @property({ attribute: 'tracking-number-id' }) trackingNumberId: string | undefined;

  /** The widget's logic; hosts may read it (setup, statuses) or drive it (goTo, submit). */
  readonly controller = new MessagingSetupController(this, { client: () => this.activeClient });

  /** What screen readers are told about the last change (a status moved, a draft saved). */
  @state() private announcement = '';
  #statuses: Record<string, string> | undefined;
  #focusAfterRender: string | null = null;
  #pendingTarget = false;

  /** Opens a step, as the stepper does. */
  async goTo(step: MessagingSetupStep, trackingNumberId?: string): Promise<void> {
    await this.controller.goTo(step, trackingNumberId);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if ((changed.has('step') || changed.has('trackingNumberId')) && (isStep(this.step) || this.trackingNumberId)) this.#pendingTarget = true;
    const controller = this.controller;
    if (this.#pendingTarget && controller.setup) {
      this.#pendingTarget = false;
      const number = controller.setup.numbers.find((item) => item.id === this.trackingNumberId);
      const step = isStep(this.step) ? this.step : number?.registration.kind === 'toll-free' ? 'toll-free' : controller.suggestedStep;
      void controller.goTo(step, this.trackingNumberId);
    }
    this.#announceStatusChanges();
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    // Native validity carries the same message the field shows, so `:invalid`, `checkValidity()`
    // and assistive tech that reads validationMessage all agree with what is on screen.
    for (const field of this.renderRoot.querySelectorAll<HTMLInputElement>('[data-path]')) {
      const kind = field.dataset.form as SetupFormKind;
      field.setCustomValidity(this.controller.problem(kind, field.dataset.path!) ?? '');
    }
    if (this.#focusAfterRender) {
      const target = this.renderRoot.querySelector<HTMLElement>(this.#focusAfterRender);
      this.#focusAfterRender = null;
      // After this update: the field left behind reacts to its blur in an update of its own.
      if (target) void this.updateComplete.then(() => target.focus());
    }
  }

  #announceStatusChanges(): void {
    const setup = this.controller.setup;
    if (!setup) return;
    const t = this.t;
    const now: Record<string, string> = { brand: setup.brand?.status ?? 'not_started' };
    for (const campaign of setup.campaigns) now[`campaign:${campaign.id}`] = campaign.status;
    for (const { id, registration } of setup.numbers) if (registration.kind !== 'none') now[`number:${id}`] = registration.status;
    const before = this.#statuses;
    this.#statuses = now;
    if (!before) return;
    const moved: string[] = [];
    for (const [key, status] of Object.entries(now)) {
      if (before[key] === undefined || before[key] === status) continue;
      const name = key === 'brand' ? t.setupStep_brand : key.startsWith('campaign:') ? t.setupStep_campaign : (setup.numbers.find((n) => `number:${n.id}` === key)?.friendlyName ?? '');
      moved.push(`${name}: ${this.#statusText(status)}`);
    }
    if (moved.length) this.announcement = moved.join('. ');
  }

  // ------------------------------------------------------------------------------ rendering

  protected override render() {
    const t = this.t;
    const controller = this.controller;
    if (!this.activeClient) return html`<div class="state" role="status">${t.notConnected}</div>`;
    if (!controller.setup) {
      if (controller.loadError) {
        return html`<div class="state" role="alert">
          <p>${t.setupLoadError} ${controller.loadError.message}</p>
          <button class="button" type="button" @click=${() => void controller.refresh()}>${t.retry}</button>
        </div>`;
      }
      return html`<div class="state" role="status">${t.loading}</div>`;
    }
    return html`
      <section part="base" aria-labelledby="title">
        <h2 id="title" part="title">${t.setupLabel}</h2>
        ${controller.canEdit ? nothing : html`<p part="notice notice-info" class="notice info">${t.setupReadOnly}</p>`}
        ${this.#renderStepper()}
        <div part="panel" role="region" aria-labelledby="panel-title">${this.#renderPanel()}</div>
        <div class="visually-hidden" role="status">${this.announcement}</div>
      </section>
    `;
  }

  #statusText(status: string): string {
    return (this.t as Record<string, string>)[`setupStatus_${status}`] ?? status;
  }

  #badge(status: string, text = this.#statusText(status)): TemplateResult {
    const tone = toneOf(status);
    return html`<span part="badge badge-${tone}" class="badge ${tone}">${text}</span>`;
  }

  /** The badge a step shows in the stepper. */
  #stepBadge(step: MessagingSetupStep): TemplateResult {
    const controller = this.controller;
    const setup = controller.setup!;
    if (step === 'brand') return this.#badge(setup.brand?.status ?? 'not_started');
    if (step === 'campaign') {
      const campaigns = setup.campaigns;
      if (campaigns.some((campaign) => campaign.status === 'approved')) return this.#badge('approved');
      return this.#badge(controller.campaign?.status ?? 'not_started');
    }
    if (step === 'assign') {
      const numbers = controller.tenDlcNumbers.filter((number) => number.smsCapable);
      if (!numbers.length) return this.#badge('none');
      const statuses = numbers.map((number) => (number.registration.kind === 'ten-dlc' ? number.registration.status : 'unassigned'));
      const assigned = statuses.filter((status) => status === 'assigned').length;
      const tone = assigned === numbers.length ? 'assigned' : statuses.includes('failed') ? 'failed' : statuses.includes('pending') ? 'pending' : 'unassigned';
      return this.#badge(tone, format(this.t.setupAssignSummary, { assigned, total: numbers.length }));
    }
    const tollFree = controller.tollFreeNumbers;
    if (!tollFree.length) return this.#badge('none');
    const number = controller.tollFreeNumber!;
    return this.#badge(number.registration.kind === 'toll-free' ? number.registration.status : 'none');
  }

  #renderStepper() {
    const t = this.t as Record<string, string>;
    const current = this.controller.step;
    return html`<nav aria-label=${this.t.setupStepsLabel}>
      <ol part="stepper">
        ${MESSAGING_SETUP_STEPS.map((step, index) => {
          const isCurrent = step === current;
          return html`<li>
            <button
              part=${isCurrent ? 'step step-current' : 'step'}
              class="button step"
              type="button"
              aria-current=${isCurrent ? 'step' : nothing}
              @click=${() => this.#openStep(step)}
            >
              ${step === 'toll-free' ? nothing : html`<span class="step-number" aria-hidden="true">${index + 1}</span>`}
              <span class="step-name">${t[`setupStep_${step}`]}</span>
              ${this.#stepBadge(step)}
            </button>
          </li>`;
        })}
      </ol>
    </nav>`;
  }

  #openStep(step: MessagingSetupStep, trackingNumberId?: string): void {
    void this.controller.goTo(step, trackingNumberId);
    // The panel's heading takes focus, so a screen reader starts reading the new step.
    this.#focusAfterRender = '#panel-title';
  }

  #renderPanel() {
    const t = this.t as Record<string, string>;
    const step = this.controller.step;
    const index = MESSAGING_SETUP_STEPS.indexOf(step);
    const heading = step === 'toll-free' ? t['setupStep_toll-free'] : `${format(this.t.setupStepNumber, { number: index + 1 })} · ${t[`setupStep_${step}`]}`;
    return html`
      <h3 id="panel-title" tabindex="-1">${heading}</h3>
      <p class="intro">${t[`setupIntro_${step}`]}</p>
      ${step === 'brand' ? this.#renderBrand() : step === 'campaign' ? this.#renderCampaign() : step === 'assign' ? this.#renderAssign() : this.#renderTollFree()}
    `;
  }

  // ------------------------------------------------------------------------------ shared pieces

  /** A labelled select that chooses what the step shows (a campaign, a toll-free number). */
  #choiceRow(id: string, label: string, options: readonly Option[], selected: string | undefined, onChange: (value: string) => void, disabled = false, extra: unknown = nothing) {
    return html`<div class="choice-row">
      <label for=${id}>${label}</label>
      <select id=${id} class="field" ?disabled=${disabled} @change=${(event: Event) => onChange((event.target as HTMLSelectElement).value)}>
        ${options.map(([value, text]) => html`<option value=${value} ?selected=${value === selected}>${text}</option>`)}
      </select>
      ${extra}
    </div>`;
  }

  #notice(tone: 'error' | 'warning' | 'info', content: unknown, alert = false) {
    return html`<div part="notice notice-${tone}" class="notice ${tone}" role=${alert ? 'alert' : nothing}>${content}</div>`;
  }

  /** The action's failure, and the summary of fields to fix after a refused submit. */
  #feedback(kind: SetupFormKind) {
    const t = this.t;
    const { actionError, outcome } = this.controller;
    return html`${actionError ? this.#notice('error', format(t.setupActionFailed, { reason: actionError.message || t.unknownError }), true) : nothing}
    ${outcome?.kind === 'invalid' && outcome.form === kind
      ? this.#notice('error', outcome.fields.length === 1 ? t.setupInvalidSummaryOne : format(t.setupInvalidSummary, { count: outcome.fields.length }), true)
      : nothing}`;
  }

  #label(path: string): string {
    const key = path.startsWith('samples.') ? 'setupSample' : `setupField_${path}`;
    const label = (this.t as Record<string, string>)[key] ?? path;
    return path.startsWith('samples.') ? format(label, { number: Number(path.split('.')[1]) + 1 }) : label;
  }

  #message(kind: SetupFormKind, path: string): string {
    const message = this.controller.message(kind, path);
    if (!message) return '';
    const key = path.startsWith('samples.') ? 'setupInvalid_sample' : `setupInvalid_${path}`;
    const template = (this.t as Record<string, string>)[key] ?? '{message}';
    return format(template, { message });
  }

  #optionLabel(code: string, fallback: string): string {
    return (this.t as Record<string, string>)[`setupOption_${code}`] ?? fallback;
  }

  /** A labelled field with its hint and its message, wired for validation. */
  #field(kind: SetupFormKind, path: string, spec: FieldSpec = {}) {
    const t = this.t;
    const controller = this.controller;
    const { type, options = [] } = spec;
    if (type === 'yes-no' || type === 'checkboxes') return this.#choices(kind, path, type === 'checkboxes', options);
    const id = domId(kind, path);
    const message = this.#message(kind, path);
    const hint = spec.hint ? (t[spec.hint] as string) : '';
    const describedBy = hint ? `${id}-hint ${id}-message` : `${id}-message`;
    const invalid = message ? 'true' : 'false';
    const required = spec.required ?? true;
    const sample = path.startsWith('samples.') ? Number(path.split('.')[1]) : -1;
    const value = sample < 0 ? controller.value(kind, path) : (controller.listValue(kind, 'samples')[sample] ?? '');
    const onInput = (event: Event) => {
      const target = event.target as HTMLInputElement;
      if (sample < 0) controller.setValue(kind, path, target.value);
      else controller.setSample(sample, target.value);
    };
    const onBlur = () => controller.touch(kind, path);
    return html`<div part="field" class="field-row ${type === 'textarea' ? 'wide' : ''}">
      <label for=${id}>${this.#label(path)}</label>
      ${type === 'textarea'
        ? html`<textarea id=${id} class="field" rows=${spec.rows ?? 3} data-form=${kind} data-path=${path} ?required=${required}
            aria-invalid=${invalid} aria-describedby=${describedBy} .value=${value} @input=${onInput} @blur=${onBlur}></textarea>`
        : type === 'select'
          ? html`<select id=${id} class="field" data-form=${kind} data-path=${path} ?required=${required}
              aria-invalid=${invalid} aria-describedby=${describedBy} @blur=${onBlur}
              @change=${(event: Event) => {
                onInput(event);
                onBlur();
              }}>
              <option value="" ?selected=${value === ''}>${t.setupChoose}</option>
              ${options.map(([option, label]) => html`<option value=${option} ?selected=${option === value}>${label}</option>`)}
            </select>`
          : html`<input id=${id} class="field" type=${type ?? 'text'} autocomplete=${spec.autocomplete ?? 'off'} data-form=${kind} data-path=${path}
              ?required=${required} aria-invalid=${invalid} aria-describedby=${describedBy} .value=${value} @input=${onInput} @blur=${onBlur} />`}
      ${hint ? html`<span id="${id}-hint" class="hint">${hint}</span>` : nothing}
      <span id="${id}-message" part="field-message" class="message">${message}</span>
    </div>`;
  }

  /**
   * A group of checkboxes (a list field) or a yes/no question as a radio group (a checkbox could
   * not say "not answered yet").
   */
  #choices(kind: SetupFormKind, path: string, multiple: boolean, options: readonly Option[]) {
    const t = this.t;
    const controller = this.controller;
    const id = domId(kind, path);
    const chosen = multiple ? controller.listValue(kind, path) : [controller.value(kind, path)];
    const message = this.#message(kind, path);
    const choose = (option: string, on: boolean) => {
      controller.setValue(kind, path, !multiple ? option : on ? [...chosen, option] : chosen.filter((item) => item !== option));
      controller.touch(kind, path);
    };
    return html`<fieldset part="field" class="choice ${multiple ? 'wide' : ''}" aria-describedby="${id}-message">
      <legend>${this.#label(path)}</legend>
      <div class=${multiple ? 'checkbox-grid' : 'options'}>
        ${(multiple ? options : ([['yes', t.setupYes], ['no', t.setupNo]] as const)).map(
          ([option, label]) => html`<label class="inline">
            <input
              type=${multiple ? 'checkbox' : 'radio'}
              name=${id}
              value=${option}
              data-form=${kind}
              data-path=${path}
              ?required=${!multiple}
              aria-invalid=${message ? 'true' : 'false'}
              .checked=${chosen.includes(option)}
              @change=${(event: Event) => choose(option, (event.target as HTMLInputElement).checked)}
            />
            ${label}
          </label>`,
        )}
      </div>
      <span id="${id}-message" part="field-message" class="message">${message}</span>
    </fieldset>`;
  }

  #actions(kind: SetupFormKind, resubmit: boolean, blockedBy?: string) {
    const t = this.t;
    const { busy } = this.controller;
    const submitLabel = resubmit ? t.setupResubmit : kind === 'campaign' ? t.setupSubmit : t.setupSubmitBrand;
    return html`<div part="actions" class="actions">
      ${blockedBy ? html`<p id="${kind}-blocked" class="hint">${blockedBy}</p>` : nothing}
      <button part="save-button" class="button" type="button" ?disabled=${busy !== null} @click=${() => void this.#save(kind)}>
        ${busy === 'save' ? t.setupSaving : t.setupSaveDraft}
      </button>
      <button
        part="submit-button"
        class="button primary"
        type="submit"
        ?disabled=${busy !== null || Boolean(blockedBy)}
        aria-describedby=${blockedBy ? `${kind}-blocked` : nothing}
      >
        ${busy === 'submit' ? t.setupSubmitting : submitLabel}
      </button>
    </div>`;
  }

  async #save(kind: SetupFormKind): Promise<void> {
    const saved = await this.controller.saveDraft(kind);
    if (saved) this.announcement = this.t.setupSaved;
  }

  #onSubmit(kind: SetupFormKind) {
    return async (event: Event) => {
      event.preventDefault();
      const controller = this.controller;
      const submitted = await controller.submit(kind);
      const outcome = controller.outcome;
      if (submitted && outcome?.kind === 'submitted') {
        this.announcement = format(this.t.setupSubmitted, { status: this.#statusText(outcome.status) });
        const id = kind === 'brand' ? controller.setup!.brand!.id : kind === 'campaign' ? controller.campaign!.id : controller.tollFreeNumber!.id;
        this.dispatchEvent(new TlSetupSubmitEvent(kind, id, outcome.status));
        this.#focusAfterRender = '#panel-title';
        this.requestUpdate();
      } else if (outcome?.kind === 'invalid') {
        // Focus goes to the first field to fix; its message is read with it.
        const first = outcome.fields[0]!;
        this.#focusAfterRender = first === 'samples' ? `[data-path="samples.0"]` : `[data-path="${first}"][data-form="${kind}"]`;
        this.requestUpdate();
      }
    };
  }

  /**
   * A form step: its status, the reviewers' verdict or why it is locked, what the last action did,
   * then its fieldsets (groups of fields, or a fieldset of its own) and its buttons.
   */
  #renderForm(
    kind: SetupFormKind,
    subject: { status: string; submittedAt?: string | null } | null | undefined,
    reason: string | null | undefined,
    groups: Array<FieldGroup | TemplateResult | typeof nothing>,
    extra: { fixHint?: unknown; blockedBy?: string } = {},
  ) {
    const t = this.t as TlStrings & Record<string, string>;
    const controller = this.controller;
    const editable = controller.editable(kind);
    const status = subject?.status ?? 'not_started';
    const submittedAt = subject?.submittedAt;
    const name = kind === 'brand' ? 'Brand' : kind === 'campaign' ? 'Campaign' : 'TollFree';
    const refused = status === 'failed' || status === 'rejected';
    // Only the statuses that lock a form have a `setup<Form>Locked_<status>` string.
    const locked = t[`setup${name}Locked_${status}`];
    return html`
      <p class="status-row">
        <span>${t.setupStatusLabel}:</span> ${this.#badge(status)}
        ${submittedAt ? html`<span class="muted">${format(t.setupSubmittedAt, { date: formatDateTime(submittedAt, this.activeLocale) })}</span>` : nothing}
      </p>
      ${refused
        ? this.#notice(
            'error',
            html`<strong>${format(t[`setup${name}${status === 'failed' ? 'Failed' : 'Rejected'}`]!, { reason: reason ?? '' })}</strong>
              ${extra.fixHint ?? (controller.canEdit ? t.setupFixHint : nothing)}`,
          )
        : nothing}
      ${locked ? this.#notice(status === 'verified' || status === 'approved' ? 'info' : 'warning', locked) : nothing}
      ${this.#feedback(kind)}
      <form part="form" novalidate aria-labelledby="panel-title" @submit=${this.#onSubmit(kind)}>
        ${groups.map((group) =>
          Array.isArray(group)
            ? html`<fieldset ?disabled=${!editable}>
                <legend>${t[`setupGroup_${group[0]}`]}</legend>
                <div class="grid">${group[1].map(([path, spec]) => this.#field(kind, path, spec))}</div>
              </fieldset>`
            : group,
        )}
        ${editable ? this.#actions(kind, refused, extra.blockedBy) : nothing}
      </form>
    `;
  }

  // ------------------------------------------------------------------------------ brand

  #renderBrand() {
    const t = this.t as TlStrings & Record<string, string>;
    const controller = this.controller;
    const brand = controller.setup!.brand;
    const businessType = controller.value('brand', 'businessType');
    const countries: Option[] = SETUP_COUNTRIES.map((code) => [code, t[`setupCountry_${code}`] ?? code]);
    return this.#renderForm('brand', brand, brand?.failureReason, [
      [
        'business',
        [
          ['legalName', { autocomplete: 'organization' }],
          ['businessType', { type: 'select', options: BUSINESS_TYPES.map((code) => [code, t[`setupBusinessType_${code}`] ?? code]) }],
          ['taxIdCountry', { type: 'select', options: countries }],
          ['taxId', { required: businessType !== 'sole-proprietor' }],
          ['industry', { type: 'select', options: INDUSTRIES.map((code) => [code, this.#optionLabel(code, humanize(code))]) }],
          ['website', { type: 'url', autocomplete: 'url' }],
        ],
      ],
      businessType === 'public'
        ? [
            'stock',
            [
              ['stockExchange', { type: 'select', options: STOCK_EXCHANGES.map((code) => [code, code]) }],
              ['stockSymbol', {}],
            ],
          ]
        : nothing,
      [
        'address',
        [
          ['address.street', { autocomplete: 'street-address' }],
          ['address.city', { autocomplete: 'address-level2' }],
          ['address.region', { autocomplete: 'address-level1' }],
          ['address.postalCode', { autocomplete: 'postal-code' }],
          ['address.country', { type: 'select', options: countries }],
        ],
      ],
      [
        'contact',
        [
          ['contact.firstName', { autocomplete: 'given-name' }],
          ['contact.lastName', { autocomplete: 'family-name' }],
          ['contact.email', { type: 'email', autocomplete: 'email' }],
          ['contact.phone', { type: 'tel', autocomplete: 'tel' }],
        ],
      ],
    ]);
  }

  // ------------------------------------------------------------------------------ campaign

  #campaignName(campaign: Campaign, index: number): string {
    const t = this.t;
    const useCase = campaign.form.useCase;
    const name = useCase ? this.#optionLabel(useCase, CAMPAIGN_USE_CASES[useCase] ?? useCase) : format(t.setupCampaignUnnamed, { number: index + 1 });
    return format(t.setupCampaignOption, { useCase: name, status: this.#statusText(campaign.status) });
  }

  #renderCampaignChoice() {
    const t = this.t;
    const controller = this.controller;
    const campaigns = controller.setup!.campaigns;
    const current = controller.campaign;
    if (!campaigns.length) return nothing;
    return this.#choiceRow(
      'campaign-choice',
      t.setupCampaignChoice,
      [...campaigns.map((campaign, index): Option => [campaign.id, this.#campaignName(campaign, index)]), ...(current ? [] : [['', t.setupNewCampaign] as const])],
      current?.id ?? '',
      (value) => controller.selectCampaign(value || null),
      false,
      controller.canEdit && current ? html`<button class="button" type="button" @click=${() => controller.selectCampaign(null)}>${t.setupNewCampaign}</button>` : nothing,
    );
  }

  #renderCampaign() {
    const t = this.t as TlStrings & Record<string, string>;
    const controller = this.controller;
    const campaign = controller.campaign;
    const editable = controller.editable('campaign');
    const samples = controller.listValue('campaign', 'samples');
    const useCases: Option[] = Object.entries(CAMPAIGN_USE_CASES).map(([code, label]) => [code, this.#optionLabel(code, label)]);
    return html`${this.#renderCampaignChoice()}
    ${this.#renderForm(
      'campaign',
      campaign,
      campaign?.rejectionReason,
      [
        [
          'about',
          [
            ['useCase', { type: 'select', options: useCases }],
            ['description', TEXTAREA],
            ['messageFlow', TEXTAREA],
          ],
        ],
        html`<fieldset ?disabled=${!editable} aria-describedby="campaign-samples-message">
          <legend>${t.setupGroup_samples}</legend>
          <div class="samples">
            ${samples.map(
              (_, index) => html`<div class="sample">
                ${this.#field('campaign', `samples.${index}`, SHORT_TEXTAREA)}
                ${editable && samples.length > CAMPAIGN_LIMITS.samples.min
                  ? html`<button class="link-button" type="button" @click=${() => controller.removeSample(index)}>${format(t.setupRemoveSample, { number: index + 1 })}</button>`
                  : nothing}
              </div>`,
            )}
          </div>
          <span id="campaign-samples-message" part="field-message" class="message">${this.#message('campaign', 'samples')}</span>
          ${editable && samples.length < CAMPAIGN_LIMITS.samples.max
            ? html`<button class="button" type="button" @click=${() => controller.addSample()}>${t.setupAddSample}</button>`
            : nothing}
        </fieldset>`,
        ['content', ['hasLinks', 'hasPhoneNumbers', 'ageGated', 'directLending'].map((path) => [path, { type: 'yes-no' }])],
        ...(['optIn', 'optOut', 'help'] as const).map(
          (group): FieldGroup => [
            group,
            [
              [`${group}Keywords`, { hint: 'setupKeywordsHint', required: group !== 'optIn' }],
              [`${group}Message`, SHORT_TEXTAREA],
            ],
          ],
        ),
      ],
      { blockedBy: controller.setup!.brand?.status === 'verified' ? undefined : t.setupCampaignNeedsBrand },
    )}`;
  }

  // ------------------------------------------------------------------------------ assign

  #numberName(number: SetupNumber): string {
    return `${number.friendlyName} · ${number.display}`;
  }

  #renderAssign() {
    const t = this.t;
    const controller = this.controller;
    const usLocal = controller.tenDlcNumbers;
    const others = [...controller.unregisteredNumbers, ...controller.tollFreeNumbers];
    const approved = controller.approvedCampaigns;
    const campaign = controller.assignCampaign;
    const canAssign = controller.canEdit && Boolean(campaign);
    return html`
      ${controller.actionError ? this.#notice('error', format(t.setupActionFailed, { reason: controller.actionError.message || t.unknownError }), true) : nothing}
      ${usLocal.length
        ? html`
            ${approved.length ? nothing : this.#notice('info', t.setupAssignNeedsCampaign)}
            ${approved.length > 1
              ? this.#choiceRow(
                  'assign-campaign',
                  t.setupAssignCampaign,
                  approved.map((item) => [item.id, this.#campaignName(item, controller.setup!.campaigns.indexOf(item))]),
                  campaign?.id,
                  (value) => controller.selectAssignCampaign(value),
                  !controller.canEdit,
                )
              : nothing}
            <form part="form" novalidate aria-labelledby="panel-title" @submit=${this.#onAssign}>
              <fieldset>
                <legend>${t.setupUsNumbers}</legend>
                <ul part="numbers">
                  ${usLocal.map((number) => this.#renderAssignable(number, canAssign))}
                </ul>
              </fieldset>
              ${canAssign
                ? html`<div part="actions" class="actions">
                    <button part="assign-button" class="button primary" type="submit" ?disabled=${controller.busy !== null || !controller.selectedNumbers.size}>
                      ${controller.busy === 'assign' ? t.setupAssigning : t.setupAssign}
                    </button>
                  </div>`
                : nothing}
            </form>
          `
        : html`<p class="muted">${t.setupNoUsNumbers}</p>`}
      ${others.length
        ? html`<h4>${t.setupOtherNumbers}</h4>
            <ul part="numbers" class="others">
              ${others.map((number) => this.#renderOtherNumber(number))}
            </ul>`
        : nothing}
    `;
  }

  #renderAssignable(number: SetupNumber, canAssign: boolean) {
    const t = this.t;
    const controller = this.controller;
    const registration = number.registration.kind === 'ten-dlc' ? number.registration : null;
    const status = registration?.status ?? 'unassigned';
    const id = `assign-${number.id}`;
    const inCampaign = status === 'pending' || status === 'assigned';
    const selectable = canAssign && number.smsCapable && !inCampaign;
    const details = !number.smsCapable ? t.setupCannotText : status === 'failed' && registration?.error ? format(t.setupAssignError, { error: registration.error }) : '';
    return html`<li part="number" class="number">
      <input
        id=${id}
        type="checkbox"
        aria-describedby="${id}-status"
        .checked=${inCampaign || controller.selectedNumbers.has(number.id)}
        ?disabled=${!selectable}
        @change=${(event: Event) => controller.toggleNumber(number.id, (event.target as HTMLInputElement).checked)}
      />
      <label for=${id}>${this.#numberName(number)}</label>
      <span id="${id}-status" class="number-status">${number.smsCapable ? this.#badge(status) : nothing} ${details ? html`<span class=${status === 'failed' ? 'error-text' : 'muted'}>${details}</span>` : nothing}</span>
    </li>`;
  }

  #renderOtherNumber(number: SetupNumber) {
    const t = this.t;
    const registration = number.registration;
    const tollFree = registration.kind === 'toll-free';
    return html`<li part="number" class="number">
      <span class="number-name">${this.#numberName(number)}</span>
      ${this.#badge(tollFree ? registration.status : 'none')}
      <span class="muted">${tollFree ? t.setupTollFreeGoes : registration.kind === 'none' ? registration.message : ''}</span>
      ${tollFree
        ? html`<button class="link-button" type="button" @click=${() => this.#openStep('toll-free', number.id)}>${t.setupTollFreeOpen}</button>`
        : nothing}
    </li>`;
  }

  #onAssign = async (event: Event) => {
    event.preventDefault();
    const controller = this.controller;
    const campaign = controller.assignCampaign;
    const assigned = await controller.assign();
    const outcome = controller.outcome;
    if (assigned && outcome?.kind === 'assigned' && campaign) {
      this.announcement = outcome.count === 1 ? this.t.setupAssignedOne : format(this.t.setupAssigned, { count: outcome.count });
      this.dispatchEvent(new TlSetupSubmitEvent('assignment', campaign.id, 'pending'));
    }
  };

  // ------------------------------------------------------------------------------ toll-free

  #renderTollFree() {
    const t = this.t as TlStrings & Record<string, string>;
    const controller = this.controller;
    const numbers = controller.tollFreeNumbers;
    const number = controller.tollFreeNumber;
    if (!number || number.registration.kind !== 'toll-free') return html`<p class="muted">${t.setupNoTollFree}</p>`;
    const registration = number.registration;
    const categories: Option[] = Object.entries(TOLL_FREE_USE_CASE_CATEGORIES).map(([code, label]) => [code, this.#optionLabel(code, label)]);
    return html`
      ${this.#choiceRow(
        'toll-free-choice',
        t.setupTollFreeChoice,
        numbers.map((item) => [item.id, `${this.#numberName(item)} · ${this.#statusText(item.registration.kind === 'toll-free' ? item.registration.status : 'none')}`]),
        number.id,
        (value) => controller.selectTollFree(value),
      )}
      ${this.#renderForm(
        'toll-free',
        { status: registration.status },
        registration.reason,
        [
          [
            'tollFree',
            [
              ['businessName', { autocomplete: 'organization' }],
              ['website', { type: 'url', autocomplete: 'url' }],
              ['notificationEmail', { type: 'email', autocomplete: 'email' }],
              ['monthlyVolume', { type: 'select', options: MONTHLY_VOLUMES.map((volume) => [volume, volume]) }],
              ['useCaseCategories', { type: 'checkboxes', options: categories }],
              ['useCaseSummary', TEXTAREA],
              ['productionMessageSample', SHORT_TEXTAREA],
              ['optInType', { type: 'select', options: OPT_IN_TYPES.map((code) => [code, t[`setupOptInType_${code}`] ?? code]) }],
              ['optInImageUrls', { ...SHORT_TEXTAREA, hint: 'setupImageUrlsHint', required: false }],
            ],
          ],
        ],
        { fixHint: registration.editable ? undefined : t.setupTollFreeNotEditable },
      )}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-messaging-setup': TlMessagingSetup;
  }
}
