import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import type { ThreadlineClient } from '@threadline/sdk';
import type { DraftStorage } from '../../controllers/composer-drafts.ts';
import { InboxController, type InboxContact } from '../../controllers/inbox-controller.ts';
import type { TlSendEvent } from '../../events/send.ts';
import { TlSetupRequestEvent } from '../../events/setup-request.ts';
import type { TlThreadSelectEvent } from '../../events/thread-select.ts';
import { contactName } from '../../format.ts';
import { ClientOwner } from '../../internal/client-owner.ts';
import { TlElement } from '../../internal/tl-element.ts';
import { format } from '../../strings.ts';
import { provideThreadline } from '../provider/provider.ts';
import '../composer/composer.ts';
import '../thread-list/thread-list.ts';
import '../timeline/timeline.ts';
import type { TlThreadList } from '../thread-list/thread-list.ts';
import { inboxStyles } from './inbox.styles.ts';

let messagingSetup: Promise<unknown> | undefined;
function loadMessagingSetup(): Promise<unknown> {
  // A failed load (offline) is tried again the next time the panel opens.
  messagingSetup ??= import('../../messaging-setup.ts').catch((error: unknown) => {
    messagingSetup = undefined;
    throw error;
  });
  return messagingSetup;
}

/**
 * @summary A complete inbox in one tag: the thread list, the open conversation and a composer,
 * two panes on wide screens and one with back navigation on narrow ones, with a "New message"
 * button.
 *
 * Give it `base-url` and `token` (or a `tokenProvider`), a `client`, or put it inside a
 * `tl-provider`. It shares its client, strings and locale with the widgets inside it.
 *
 * @event tl-thread-select - A thread was opened (from the list inside).
 * @event tl-send - A message was accepted.
 * @event tl-setup-request - A setup action was pressed; call `preventDefault()` to route it
 *   yourself, else the inbox shows its messaging-setup panel.
 * @event tl-billing-request - "Add funds" was pressed.
 *
 * @csspart layout - The pane grid.
 * @csspart list-pane - The left pane (list).
 * @csspart main-pane - The right pane (conversation, new message, setup).
 * @csspart toolbar - The bar above the list.
 * @csspart new-message-button - "New message".
 * @csspart pane-header - The bar above the conversation.
 * @csspart back-button - Back to the list (narrow screens) or out of a new message.
 * @csspart setup-panel - The tl-messaging-setup element.
 * @csspart thread-list - The tl-thread-list element.
 * @csspart timeline - The tl-timeline element.
 * @csspart composer - The tl-composer element.
 * @csspart thread-item - Exported from the list: a thread row.
 * @csspart unread-badge - Exported from the list: the unread count.
 * @csspart bubble - Exported from the timeline: a message bubble.
 * @csspart send-button - Exported from the composer: the Send button.
 *
 * @cssproperty --tl-inbox-height - Height of the inbox (default 100% of its container).
 * @cssproperty --tl-inbox-list-width - Width of the list pane on wide screens.
 */
@customElement('tl-inbox')
export class TlInbox extends TlElement {
  static override styles = inboxStyles;

  /** The Threadline server, e.g. "https://threadline.example.com". */
  @property({ attribute: 'base-url' }) baseUrl: string | undefined;

  /** An embed token minted by the host's backend. */
  @property() token: string | undefined;

  /** Called for a token at first use and whenever the server refuses the current one. */
  @property({ attribute: false }) tokenProvider: (() => Promise<string> | string) | undefined;

  /**
   * Where the composer keeps each thread's unsent text: `memory` (default; survives switching
   * threads) or `session` (also the tab's sessionStorage, so a reload keeps it).
   */
  @property() drafts: DraftStorage | undefined;

  /** Navigation state; hosts may call `openThread`, `compose`, `back`. */
  readonly controller = new InboxController(this, { client: () => this.activeClient });

  readonly #owner = new ClientOwner(this, () => ({ baseUrl: this.baseUrl, token: this.token, tokenProvider: this.tokenProvider }));
  readonly #provide = provideThreadline(this);

  @query('tl-thread-list') private threadList!: TlThreadList | null;
  // The setup panel's module failed to load (offline); tried again the next time the panel opens.
  #setupLoadFailed = false;

  /** The client in effect: `client`, else its own from `base-url`/`token`, else the provider's. */
  protected override get activeClient(): ThreadlineClient | undefined {
    return this.client ?? this.#owner.client ?? this.threadline?.client;
  }

  /** Opens a thread by id, as if picked in the list. */
  openThread(threadId: string): void {
    this.#open(threadId);
  }

  // The list may have the thread already; otherwise the controller names it from the contact
  // given, else from its timeline.
  #open(threadId: string, contact?: InboxContact): void {
    const known = this.threadList?.controller.state.items.find((thread) => thread.id === threadId);
    this.controller.openThread(known ?? { id: threadId, contact });
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    this.#owner.sync();
    // The panes inside see this inbox's client, and its strings layered over the provider's.
    const outer = this.threadline;
    const strings = outer?.strings && this.strings ? { ...outer.strings, ...this.strings } : (this.strings ?? outer?.strings);
    this.#provide({ client: this.activeClient, strings, locale: this.locale ?? outer?.locale });
  }

  protected override render() {
    const t = this.t;
    const { view, threadId } = this.controller;
    return html`
      <div part="layout" class="view-${view}" @tl-setup-request=${this.#onSetupRequest}>
        <section part="list-pane" aria-label=${t.threadListLabel}>
          <div part="toolbar">
            <h2>${t.inboxLabel}</h2>
            <button part="new-message-button" class="button primary" type="button" @click=${this.#compose}>${t.newMessage}</button>
          </div>
          <tl-thread-list
            part="thread-list"
            exportparts="item: thread-item, unread-badge"
            .selectedThreadId=${view === 'thread' ? threadId : undefined}
            @tl-thread-select=${this.#onSelect}
          ></tl-thread-list>
        </section>
        <section part="main-pane" aria-label=${this.#mainLabel()}>${this.#renderMain()}</section>
      </div>
    `;
  }

  #mainLabel(): string {
    const t = this.t;
    const { view } = this.controller;
    if (view === 'new') return t.newMessageLabel;
    if (view === 'setup') return t.setupTitle;
    if (view === 'thread') return format(t.timelineLabel, { name: this.#contactName() });
    return t.timelineNoThread;
  }

  // The contact's saved name, else their number; empty only until the thread's first item loads.
  #contactName(): string {
    const contact = this.controller.contact;
    return contact ? contactName(contact) : '';
  }

  #renderMain() {
    const t = this.t;
    const { view, thread, threadId, setup, contact } = this.controller;
    if (view !== 'setup') this.#setupLoadFailed = false;
    let main;
    if (view === 'thread' && threadId) {
      main = html`
        <tl-timeline part="timeline" exportparts="bubble" .threadId=${threadId} .thread=${thread}></tl-timeline>
        <tl-composer part="composer" exportparts="send-button" .threadId=${threadId} .thread=${thread} .drafts=${this.drafts}></tl-composer>
      `;
    } else if (view === 'new') {
      main = html`
        <div class="placeholder"></div>
        <tl-composer part="composer" exportparts="send-button" .drafts=${this.drafts} @tl-send=${this.#onNewSent}></tl-composer>
      `;
    } else if (view === 'setup' && setup) {
      // The panel is its own module (few users open it): loaded the first time it is shown.
      if (!customElements.get('tl-messaging-setup') && !this.#setupLoadFailed) {
        loadMessagingSetup().catch(() => {
          this.#setupLoadFailed = true;
          this.requestUpdate();
        });
      }
      main = this.#setupLoadFailed
        ? html`<div class="placeholder state" role="alert">${t.setupLoadError}</div>`
        : html`<tl-messaging-setup
            part="setup-panel"
            .step=${setup.step === 'get-sms-number' ? undefined : setup.step}
            .trackingNumberId=${setup.trackingNumberId}
          ></tl-messaging-setup>`;
    } else {
      return html`<div class="placeholder state">${t.timelineNoThread}</div>`;
    }
    // A saved name has the number under it.
    const subtitle = view === 'thread' && contact?.name?.trim() ? html`<span class="subtitle">${contact.display ?? contact.e164}</span>` : nothing;
    return html`
      <div part="pane-header">
        <button part="back-button" class="button" type="button" @click=${this.#back}><span aria-hidden="true">←</span> ${t.back}</button>
        <div class="titles"><h2>${view === 'thread' ? this.#contactName() : this.#mainLabel()}</h2>${subtitle}</div>
      </div>
      ${main}
    `;
  }

  #onSelect = (event: TlThreadSelectEvent) => {
    this.controller.openThread(event.thread);
    // On a narrow screen the list (and the focus with it) is hidden now: move focus to the reply.
    // On a wide one it stays in the list, so arrow keys keep browsing.
    void this.updateComplete.then(() => {
      const listPane = this.renderRoot.querySelector<HTMLElement>('[part="list-pane"]');
      if (listPane && getComputedStyle(listPane).display === 'none') this.renderRoot.querySelector('tl-composer')?.focus();
    });
  };

  #compose = () => {
    this.controller.compose();
    void this.updateComplete.then(() => (this.renderRoot.querySelector('tl-composer') as HTMLElement | null)?.shadowRoot?.querySelector<HTMLElement>('#to')?.focus());
  };

  #back = () => {
    this.controller.back();
    void this.updateComplete.then(() => this.threadList?.focus());
  };

  // The send answer names the thread and the recipient: enough for the header at once.
  #onNewSent = (event: TlSendEvent) => {
    const { threadId, to, toDisplay } = event.message;
    this.#open(threadId, { e164: to, display: toDisplay, name: null });
  };

  // The composer's request is re-fired from the inbox itself, so a host listening on the inbox or
  // above can cancel it before the inbox acts (a listener on the inbox would otherwise run last).
  #onSetupRequest = (event: TlSetupRequestEvent) => {
    event.stopPropagation();
    const forwarded = new TlSetupRequestEvent(event.step, event.trackingNumberId);
    if (this.dispatchEvent(forwarded)) this.controller.openSetup(event.step, event.trackingNumberId);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-inbox': TlInbox;
  }
}
