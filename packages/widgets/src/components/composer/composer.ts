import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { ThreadlineError, type Thread, type TrackingNumber } from '@threadline/sdk';
import { ATTACHMENT_TYPES, ComposerController, MMS_LIMITS, serverRefusal, type Attachment, type Refusal } from '../../controllers/composer-controller.ts';
import type { DraftStorage } from '../../controllers/composer-drafts.ts';
import { TlBillingRequestEvent } from '../../events/billing-request.ts';
import { TlSendErrorEvent } from '../../events/send-error.ts';
import { TlSendEvent } from '../../events/send.ts';
import { TlSetupRequestEvent, type SetupStep } from '../../events/setup-request.ts';
import { formatFileSize, formatMoney } from '../../format.ts';
import { fileIcon, paperclipIcon } from '../../internal/icons.ts';
import { TlElement } from '../../internal/tl-element.ts';
import { format, type TlStrings } from '../../strings.ts';
import { composerStyles } from './composer.styles.ts';

// A string keyed by a server value, if the strings have one; otherwise the server's own words.
const keyed = (t: TlStrings, key: string, values: Record<string, string>, fallback: string) => {
  const template = (t as Record<string, string>)[key];
  return template ? format(template, values) : fallback;
};

/** What a readiness state says, in the strings in effect (the server's words fill `{message}`). */
export function readinessText(t: TlStrings, state: string, serverMessage: string | null): string {
  return keyed(t, `readiness_${state}`, { message: serverMessage ?? '' }, serverMessage ?? state);
}

/** An action's button text, in the strings in effect (the server's label fills `{label}`). */
export function actionText(t: TlStrings, kind: string, serverLabel: string): string {
  return keyed(t, `action_${kind}`, { label: serverLabel }, serverLabel);
}

/**
 * @summary Writes and sends a text or MMS: a reply in a thread (`thread-id`), or a new message
 * with a From number and a recipient checked by the server and shown in E.164 as it is typed.
 *
 * Before Send it shows exactly what the server would refuse: a number that can't text yet (with
 * the setup action), a contact who replied STOP, a balance below the send cost. A live meter shows
 * characters, segments, encoding (and which characters forced Unicode) and cost. Enter sends,
 * Shift+Enter adds a line; a failed send keeps the text.
 *
 * Drafts: each thread keeps its unsent text (a new message also its recipient and From) while the
 * user is elsewhere, for as long as the client lives; a successful send clears it, a refused one
 * keeps it. `drafts="session"` also keeps them in the tab's sessionStorage (keyed by business,
 * user and thread) so a reload restores them; nothing ever goes to localStorage.
 *
 * Forms: it is a form-associated element. Inside a `<form>` its `name` submits the message body;
 * `required` makes an empty message invalid; a message over the length limit, a recipient that
 * is not a phone number and anything Send would be refused for (number not ready, opted-out
 * contact, balance) make it invalid with the words the composer shows (`validationMessage`,
 * `checkValidity()`, `reportValidity()`). A form reset empties it and forgets its draft; a
 * disabled `<fieldset>` (or `disabled`) disables it; `<label for>` names and focuses its message
 * field. Send still sends through Threadline; the form carries the body for the host's own use.
 *
 * @event tl-send - The server accepted a message (`TlSendEvent`: `message`).
 * @event tl-send-error - A send was refused or failed (`TlSendErrorEvent`: `code`, `message`); the text stays.
 * @event tl-setup-request - The user pressed a setup action such as "Finish 10DLC registration"
 *   (`TlSetupRequestEvent`: `step`, `trackingNumberId`; cancelable).
 * @event tl-billing-request - The user pressed "Add funds" (`TlBillingRequestEvent`: `balance`, `cost`; cancelable).
 *
 * @csspart form - The whole composer.
 * @csspart to-input - The recipient field (new messages).
 * @csspart from-select - The From number picker.
 * @csspart not-ready - The list of numbers that cannot send, with their actions.
 * @csspart notice - A refusal or warning (also `notice-error`, `notice-warning`).
 * @csspart notice-action - The button in a notice ("Finish 10DLC registration", "Add funds").
 * @csspart attachments - The attachment list.
 * @csspart attachment - One attachment, with preview and upload progress.
 * @csspart attach-button - The "Attach files" button.
 * @csspart textarea - The message field.
 * @csspart send-button - The Send button.
 * @csspart meter - Characters, segments, encoding and cost.
 *
 * @cssproperty --tl-color-warning - Warnings (toll-free pending, Unicode characters), with --tl-color-warning-surface.
 * @cssproperty --tl-color-danger - Refusals and errors, with --tl-color-danger-surface.
 */
@customElement('tl-composer')
export class TlComposer extends TlElement {
  static override styles = composerStyles;
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };
  /** Takes part in a host's `<form>` through ElementInternals. */
  static formAssociated = true;

  /** The thread to reply in; without it the composer writes a new message. */
  @property({ attribute: 'thread-id', reflect: true }) threadId: string | undefined;

  /** The thread, when the host has it: shows opt-out before anything is typed. */
  @property({ attribute: false }) thread: Thread | undefined;

  /** A recipient to start with (new messages), in any usual format. */
  @property() to: string | undefined;

  /** The tracking number id to send from, to start with. */
  @property() from: string | undefined;

  /** The form field name the message body is submitted under. */
  @property({ reflect: true }) name: string | undefined;

  /** An empty message (and, for a new message, an empty recipient) makes the form invalid. */
  @property({ type: Boolean, reflect: true }) required = false;

  /** Disables every field and Send (a disabled ancestor `<fieldset>` does the same). */
  @property({ type: Boolean, reflect: true }) disabled = false;

  /** Where unsent drafts are kept: `memory` (default) or `session` (also the tab's sessionStorage). */
  @property() drafts: DraftStorage | undefined;

  /** The composer's logic; hosts may read it (meter, refusal) or drive it (setBody, send). */
  readonly controller = new ComposerController(this, {
    client: () => this.activeClient,
    threadId: () => this.threadId,
    thread: () => this.thread,
    drafts: () => this.drafts,
  });

  readonly #internals = this.attachInternals();
  @state() private formDisabled = false;

  /** The message body (what a form submits). */
  get value(): string {
    return this.controller.body;
  }
  set value(body: string) {
    this.controller.setBody(String(body ?? ''));
  }

  /** The form the composer belongs to, if any. */
  get form(): HTMLFormElement | null {
    return this.#internals.form;
  }

  /** Its validity, as a form sees it. */
  get validity(): ValidityState {
    return this.#internals.validity;
  }

  /** Why it is invalid, in the strings in effect; empty when valid. */
  get validationMessage(): string {
    return this.#internals.validationMessage;
  }

  /** Whether a form validates it (false when disabled). */
  get willValidate(): boolean {
    return this.#internals.willValidate;
  }

  /** True when valid; otherwise fires `invalid` and returns false. */
  checkValidity(): boolean {
    return this.#internals.checkValidity();
  }

  /** Like `checkValidity()`, and shows the browser's message at the field concerned. */
  reportValidity(): boolean {
    return this.#internals.reportValidity();
  }

  /** A form reset: empties the composer and forgets this thread's draft. */
  formResetCallback(): void {
    this.fileProblems = [];
    this.controller.clearDraft({ to: this.to, from: this.from });
  }

  /** A disabled `<fieldset>` or the element's own `disabled`. */
  formDisabledCallback(disabled: boolean): void {
    this.formDisabled = disabled;
  }

  /** The browser restoring the form (back/forward navigation). */
  formStateRestoreCallback(state: string | File | FormData | null): void {
    if (typeof state === 'string' && !this.controller.body) this.controller.setBody(state);
  }

  get #isDisabled(): boolean {
    return this.disabled || this.formDisabled;
  }

  @query('textarea') private textarea!: HTMLTextAreaElement | null;
  @query('input[type="file"]') private fileInput!: HTMLInputElement | null;
  @state() private fileProblems: string[] = [];

  /** Focuses the message field. */
  override focus(options?: FocusOptions): void {
    this.textarea?.focus(options);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('to') && this.to !== undefined) this.controller.setTo(this.to);
    if (changed.has('from') && this.from) this.controller.setFrom(this.from);
  }

  protected override render() {
    const t = this.t;
    const controller = this.controller;
    if (!this.activeClient) return html`<div class="state" role="status">${t.notConnected}</div>`;
    const isNew = controller.mode === 'new';
    const label = isNew ? t.newMessageLabel : t.composerLabel;
    const disabled = this.#isDisabled;
    return html`
      <form part="form" aria-label=${label} @submit=${this.#onSubmit}>
        ${isNew ? this.#renderRecipient() : nothing} ${this.#renderFrom()} ${this.#renderNotices()} ${this.#renderAttachments()}
        <div class="input-row">
          <button part="attach-button" class="button" type="button" aria-label=${t.attach} title=${t.attach} ?disabled=${disabled} @click=${() => this.fileInput?.click()}>
            ${paperclipIcon()}
          </button>
          <input type="file" hidden multiple accept=${ATTACHMENT_TYPES.join(',')} @change=${this.#onFiles} />
          <textarea
            part="textarea"
            rows="1"
            autofocus
            aria-label=${this.#labelText() || t.messageLabel}
            ?disabled=${disabled}
            ?required=${this.required}
            aria-describedby="meter notices"
            placeholder=${t.messagePlaceholder}
            title=${t.sendShortcutHint}
            .value=${controller.body}
            @input=${(event: Event) => controller.setBody((event.target as HTMLTextAreaElement).value)}
            @keydown=${this.#onKeyDown}
          ></textarea>
          <button part="send-button" class="button primary" type="submit" ?disabled=${disabled || !controller.canSend}>
            ${controller.sending ? t.sending : t.send}
          </button>
        </div>
        ${this.#renderMeter()}
      </form>
    `;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const body = this.controller.body;
    this.#internals.setFormValue(body, body);
    this.#updateValidity();
  }

  // A label's own words name the message field; the host element has no role of its own to carry them.
  #labelText(): string {
    return Array.from(this.#internals.labels, (label) => (label.textContent ?? '').replace(/\s+/g, ' ').trim()).filter(Boolean).join(' ');
  }

  // What a form sees matches what the composer shows: the same checks, in the same words.
  #updateValidity(): void {
    const t = this.t;
    const { refusal, recipient, mode, body, to, attachments } = this.controller;
    const textarea = this.textarea ?? undefined;
    const toInput = this.renderRoot.querySelector<HTMLInputElement>('#to') ?? undefined;
    const set = (flags: ValidityStateFlags, message?: string, anchor: HTMLElement | undefined = textarea) => this.#internals.setValidity(flags, message, anchor);
    if (this.required && !body.trim() && !attachments.length) return set({ valueMissing: true }, t.messageRequired);
    if (refusal?.kind === 'too-long') return set({ tooLong: true }, this.#refusalText(refusal));
    // Only a new message has a recipient to be invalid.
    if (recipient.invalid) return set({ typeMismatch: true }, t.toInvalid, toInput);
    if (mode === 'new' && this.required && !to.trim()) return set({ valueMissing: true }, t.toRequired, toInput);
    if (refusal) {
      const anchor = refusal.kind === 'readiness' ? this.renderRoot.querySelector<HTMLElement>('#from') : null;
      return set({ customError: true }, this.#refusalText(refusal), anchor ?? textarea);
    }
    set({});
  }

  // A refusal as plain words, for validation messages and errors (the notice shows the same, with
  // its action). The server's refusals too, so white-label wording holds after Send.
  #refusalText(refusal: Refusal): string {
    const t = this.t;
    const money = (amount: number) => formatMoney(amount, (refusal as { currency: string }).currency, this.activeLocale);
    switch (refusal.kind) {
      case 'no-number':
        return t.noNumbers;
      case 'too-long':
        return format(t.messageTooLong, refusal);
      case 'readiness':
        return readinessText(t, refusal.state, refusal.message);
      case 'opted-out':
        return t.optedOut;
      case 'balance':
        return format(t.balanceTooLow, { balance: money(refusal.balance), cost: money(refusal.cost) });
      case 'server':
        return refusal.message || t.unknownError;
    }
  }

  #renderRecipient() {
    const t = this.t;
    const { recipient, to } = this.controller;
    const { invalid, e164, checking } = recipient;
    const hint = invalid ? t.toInvalid : e164 ? format(t.toNormalized, { number: e164 }) : checking ? t.toChecking : '';
    return html`<div class="row">
      <label for="to">${t.toLabel}</label>
      <input
        id="to"
        part="to-input"
        class="field"
        type="tel"
        autocomplete="off"
        placeholder=${t.toPlaceholder}
        aria-invalid=${invalid}
        aria-busy=${checking}
        aria-describedby="to-hint"
        ?disabled=${this.#isDisabled}
        ?required=${this.required}
        .value=${to}
        @input=${(event: Event) => this.controller.setTo((event.target as HTMLInputElement).value)}
      />
      <span id="to-hint" class="hint ${invalid ? 'invalid' : ''}" aria-live="polite">${hint}</span>
    </div>`;
  }

  #renderFrom() {
    const t = this.t;
    const { numbers, fromId } = this.controller;
    if (!numbers.length) return nothing;
    const notReady = numbers.filter((number) => !number.readiness.canSend);
    return html`<div class="row">
        <label for="from">${t.fromLabel}</label>
        <select id="from" part="from-select" class="field" aria-describedby="notices" ?disabled=${this.#isDisabled} @change=${(event: Event) => this.controller.setFrom((event.target as HTMLSelectElement).value)}>
          ${numbers.map(
            ({ id, friendlyName, display, readiness }) =>
              html`<option value=${id} ?selected=${id === fromId} ?disabled=${!readiness.canSend && id !== fromId}>${friendlyName} · ${display}${readiness.canSend ? '' : ` (${t.numberCannotSend})`}</option>`,
          )}
        </select>
      </div>
      ${notReady.length
        ? html`<details part="not-ready">
            <summary>${notReady.length === 1 ? t.numbersNotReadyOne : format(t.numbersNotReady, { count: notReady.length })}</summary>
            <ul>
              ${notReady.map(
                ({ id, friendlyName, readiness }) => html`<li>
                  <span class="number-name">${friendlyName}</span>
                  <span>${readinessText(t, readiness.state, readiness.message)}</span>
                  ${this.#actionButton(id, readiness.action, 'link-button')}
                </li>`,
              )}
            </ul>
          </details>`
        : nothing}`;
  }

  #actionButton(trackingNumberId: string, action: TrackingNumber['readiness']['action'], className = 'button') {
    if (!action) return nothing;
    const step: SetupStep = action.step ?? (action.kind === 'get-sms-number' ? 'get-sms-number' : 'toll-free');
    return this.#noticeAction(actionText(this.t, action.kind, action.label), () => new TlSetupRequestEvent(step, trackingNumberId), className);
  }

  #noticeAction(label: string, event: () => Event, className = 'button') {
    return html`<button part="notice-action" class=${className} type="button" @click=${() => this.dispatchEvent(event())}>${label}</button>`;
  }

  #renderNotices() {
    const t = this.t;
    const { refusal, warning, sendError } = this.controller;
    const error = (content: unknown) => html`<div part="notice notice-error" class="notice error" role="alert">${content}</div>`;
    return html`<div id="notices">
      ${refusal
        ? error(
            html`<span>${this.#refusalText(refusal)}</span> ${refusal.kind === 'readiness'
                ? this.#actionButton(refusal.trackingNumberId, refusal.action)
                : refusal.kind === 'balance'
                  ? this.#noticeAction(t.addFunds, () => new TlBillingRequestEvent(refusal.balance, refusal.cost))
                  : nothing}`,
          )
        : warning
          ? html`<div part="notice notice-warning" class="notice warning" role="status">${readinessText(t, warning.state, warning.message)}</div>`
          : nothing}
      ${sendError ? error(format(t.sendFailed, { reason: this.#errorText(sendError) })) : nothing} ${this.fileProblems.map(error)}
    </div>`;
  }

  // The server's refusals in the strings in effect, so white-label wording holds after Send too.
  #errorText(error: ThreadlineError): string {
    return this.#refusalText(serverRefusal(error));
  }

  #renderAttachments() {
    const t = this.t;
    const attachments = this.controller.attachments;
    if (!attachments.length) return nothing;
    return html`<ul part="attachments">
      ${attachments.map(({ file, previewUrl, error, media, progress, key }) => {
        const name = file.name;
        return html`<li part="attachment">
          ${previewUrl ? html`<img src=${previewUrl} alt="" />` : html`<span class="file-icon">${fileIcon()}</span>`}
          <span class="attachment-text">
            <span class="attachment-name">${name}</span>
            <span>${formatFileSize(file.size, this.activeLocale)}</span>
            ${error
              ? html`<span class="attachment-error" role="alert">${format(t.uploadFailed, { name, reason: error.message })}</span>`
              : media
                ? nothing
                : html`<progress max="1" .value=${progress} aria-label=${format(t.uploading, { name })}></progress>`}
          </span>
          <button class="remove" type="button" aria-label=${format(t.removeAttachment, { name })} @click=${() => this.controller.removeAttachment(key)}><span aria-hidden="true">×</span></button>
        </li>`;
      })}
    </ul>`;
  }

  #renderMeter() {
    const t = this.t;
    const { mediaCount, characters, segments, encoding, cost, currency, unicodeCharacters } = this.controller.meter;
    const size = mediaCount
      ? format(mediaCount === 1 ? t.meterMmsSingle : t.meterMms, { count: mediaCount })
      : format(segments === 1 ? t.meterSingleSegment : t.meter, { characters, segments, encoding });
    const price = cost === null ? '' : ` · ${format(t.meterCost, { cost: formatMoney(cost, currency, this.activeLocale) })}`;
    // The template's {characters} becomes highlighted marks; text around it stays as written.
    const [before = '', after = ''] = t.unicodeBecause.split('{characters}');
    return html`<div id="meter" part="meter">
      <span>${size}${price}</span>
      ${unicodeCharacters.length && !mediaCount
        ? html`<span class="unicode">${before}${unicodeCharacters.map((character, index) => html`${index ? ' ' : ''}<mark>${character === ' ' ? '␠' : character}</mark>`)}${after}</span>`
        : nothing}
    </div>`;
  }

  #onFiles = (event: Event) => {
    const input = event.target as HTMLInputElement;
    const problems = this.controller.addFiles(Array.from(input.files ?? []));
    input.value = '';
    const t = this.t;
    const max = { 'too-many': MMS_LIMITS.maxAttachments, 'too-large': formatFileSize(MMS_LIMITS.maxTotalBytes, this.activeLocale), type: '' };
    const templates = { 'too-many': t.attachmentsTooMany, 'too-large': t.attachmentsTooLarge, type: t.attachmentTypeRefused };
    this.fileProblems = problems.map(({ kind, file }) => format(templates[kind], { name: file.name, max: max[kind] }));
  };

  #onKeyDown = (event: KeyboardEvent) => {
    // Enter sends; Shift+Enter is a new line; Enter that confirms an IME composition is neither.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) this.#onSubmit(event);
  };

  #onSubmit = (event: Event) => {
    event.preventDefault();
    void this.#send();
  };

  async #send(): Promise<void> {
    if (this.#isDisabled || !this.controller.canSend) return;
    this.fileProblems = [];
    const message = await this.controller.send();
    const error = this.controller.sendError;
    if (message) {
      this.dispatchEvent(new TlSendEvent(message));
      this.focus();
    } else if (error) this.dispatchEvent(new TlSendErrorEvent(error.code, this.#errorText(error)));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-composer': TlComposer;
  }
}
