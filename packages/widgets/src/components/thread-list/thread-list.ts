import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { virtualize, virtualizerRef, type VirtualizerHostElement } from '@lit-labs/virtualizer/virtualize.js';
// Given explicitly: the virtualizer would otherwise import its default layout lazily, a second
// request (and a separate file in the build) before the first row shows.
import { flow } from '@lit-labs/virtualizer/layouts/flow.js';
import type { Thread } from '@threadline/sdk';
import { ThreadListController } from '../../controllers/thread-list-controller.ts';
import { TlThreadSelectEvent } from '../../events/thread-select.ts';
import { contactName, formatDateTime, formatRelative } from '../../format.ts';
import { TlElement } from '../../internal/tl-element.ts';
import { format } from '../../strings.ts';
import { threadListStyles } from './thread-list.styles.ts';

/** The name a row shows: the saved name, else the formatted number. */
export function threadTitle(thread: Thread): string {
  return contactName(thread.contact);
}

function initials(thread: Thread): string {
  const words = thread.contact.name?.trim().split(/\s+/);
  return words?.[0] ? (words[0][0]! + (words[1] ? words.at(-1)![0] : '')).toUpperCase() : '#';
}

// Rows from the end of the loaded list at which the next page is fetched.
const PREFETCH_ROWS = 10;

/**
 * @summary The business's conversations, newest activity first: search, filters, infinite
 * scroll over a virtualized list (10,000 rows scroll smoothly), live reordering and unread badges.
 *
 * Keyboard: arrow keys, Home/End and Page Up/Down move; Enter (or Space) opens.
 *
 * @event tl-thread-select - A thread was opened (`TlThreadSelectEvent`: `threadId`, `thread`).
 *
 * @csspart header - The search and filter area.
 * @csspart search-input - The search box.
 * @csspart filters - The filters disclosure.
 * @csspart clear-filters - The "Clear filters" button.
 * @csspart list - The scrolling listbox.
 * @csspart item - A thread row (also `item-selected`, `item-unread`).
 * @csspart avatar - The contact's initials.
 * @csspart name - Contact name or number.
 * @csspart tracking-number - The tracking number's friendly name.
 * @csspart preview - The last event's preview.
 * @csspart time - Relative time of the last activity.
 * @csspart unread-badge - The unread count.
 * @csspart status - Loading, empty and error messages.
 * @csspart footer - "Loading more" and page errors under the list.
 *
 * @cssproperty --tl-thread-list-row-padding - Padding of a row.
 * @cssproperty --tl-color-selected - Background of the selected row.
 * @cssproperty --tl-color-badge - Unread badge background (with --tl-color-on-badge).
 * @cssproperty --tl-color-surface - Background (see the README for every global token).
 */
@customElement('tl-thread-list')
export class TlThreadList extends TlElement {
  static override styles = threadListStyles;

  /** The open thread, highlighted in the list. Set by the list on open; hosts may set it too. */
  @property({ attribute: 'selected-thread-id', reflect: true }) selectedThreadId: string | undefined;

  /** Threads per page (1 to 100). */
  @property({ type: Number, attribute: 'page-size' }) pageSize = 30;

  /** Hide the search and filters (e.g. a compact sidebar). */
  @property({ type: Boolean, attribute: 'hide-filters' }) hideFilters = false;

  /** The list's logic; hosts may read its state (items, filters) or call it (refresh, setFilters). */
  readonly controller = new ThreadListController(this, { client: () => this.activeClient, pageSize: () => this.pageSize });

  @query('[part="list"]') private listElement!: HTMLElement | null;

  #clock: ReturnType<typeof setInterval> | undefined;
  #scrollToActive = false;

  override connectedCallback(): void {
    super.connectedCallback();
    // Relative times ("5 min") age; a render a minute keeps them true.
    this.#clock = setInterval(() => this.requestUpdate(), 60_000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#clock);
  }

  /** Moves focus to the list. */
  override focus(options?: FocusOptions): void {
    this.listElement?.focus(options);
  }

  protected override render() {
    return html`${this.hideFilters ? nothing : this.#renderHeader()}${this.#renderBody()}`;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.#scrollToActive) {
      this.#scrollToActive = false;
      const index = this.controller.activeIndex;
      const host = this.listElement as (HTMLElement & VirtualizerHostElement) | null;
      if (index >= 0) host?.[virtualizerRef]?.element(index)?.scrollIntoView({ block: 'nearest' });
    }
  }

  #renderHeader() {
    const t = this.t;
    const { filters, numbers, callFlows, hasFilters } = this.controller;
    const activeFilters = [filters.trackingNumberId, filters.callFlowId, filters.from, filters.to].filter(Boolean).length;
    const select = (name: 'trackingNumberId' | 'callFlowId', label: string, all: string, options: Array<[string, string]>) => html`<label>
      ${label}
      <select class="field" name=${name} .value=${filters[name]} @change=${this.#onFilter}>
        <option value="" ?selected=${!filters[name]}>${all}</option>
        ${options.map(([id, text]) => html`<option value=${id} ?selected=${id === filters[name]}>${text}</option>`)}
      </select>
    </label>`;
    return html`
      <div part="header">
        <div role="search">
          <input
            part="search-input"
            class="field"
            type="search"
            name="q"
            aria-label=${t.searchLabel}
            placeholder=${t.searchPlaceholder}
            .value=${filters.q}
            @input=${this.#onFilter}
          />
        </div>
        <details part="filters" ?open=${activeFilters > 0}>
          <summary>${t.filtersLabel}${activeFilters ? ` (${activeFilters})` : ''}</summary>
          <div class="filter-grid">
            ${select('trackingNumberId', t.filterTrackingNumber, t.filterAllTrackingNumbers, numbers.map((number) => [number.id, `${number.friendlyName} · ${number.display}`]))}
            ${select('callFlowId', t.filterCallFlow, t.filterAllCallFlows, callFlows.map((flow) => [flow.id, flow.name]))}
            <label>${t.filterFrom}<input class="field" type="date" name="from" .value=${filters.from} max=${filters.to || nothing} @change=${this.#onFilter} /></label>
            <label>${t.filterTo}<input class="field" type="date" name="to" .value=${filters.to} min=${filters.from || nothing} @change=${this.#onFilter} /></label>
          </div>
        </details>
        ${hasFilters
          ? html`<button part="clear-filters" class="link-button" type="button" @click=${() => this.controller.clearFilters()}>${t.clearFilters}</button>`
          : nothing}
      </div>
    `;
  }

  // Each control is named after its filter.
  #onFilter = (event: Event) => {
    const { name, value } = event.target as HTMLInputElement | HTMLSelectElement;
    this.controller.setFilters({ [name]: value });
  };

  #renderBody() {
    const t = this.t;
    const { state, hasFilters } = this.controller;
    const { items, error } = state;
    const note = (text: unknown, role = 'status') => html`<div part="status" class="state" role=${role}>${text}</div>`;
    const retry = (action: () => void, style: string) => html`<button class=${style} type="button" @click=${action}>${t.retry}</button>`;
    if (!this.activeClient) return note(t.notConnected);
    if (state.isLoading && !items.length) return note(t.loading);
    if (error && !items.length) {
      return note(html`<span class="error-row"><span>${t.threadsError} ${error.message}</span>${retry(() => this.controller.refresh(), 'button')}</span>`, 'alert');
    }
    if (!items.length) return note(hasFilters ? t.threadsEmptyFiltered : t.threadsEmpty);
    const active = this.controller.activeThread;
    return html`
      <div
        part="list"
        role="listbox"
        tabindex="0"
        aria-label=${t.threadListLabel}
        aria-busy=${state.isLoading || state.isLoadingNext}
        aria-activedescendant=${active ? `thread-${active.id}` : nothing}
        @keydown=${this.#onKeyDown}
        @focus=${this.#onFocus}
        @rangeChanged=${this.#onRangeChanged}
      >
        ${virtualize({
          items,
          keyFunction: (thread: Thread) => thread.id,
          renderItem: (thread: Thread, index: number) => this.#renderItem(thread, index),
          scroller: true,
          layout: flow(),
        })}
      </div>
      <div part="footer" role="status">${state.isLoadingNext
        ? t.loadingMore
        : error
          ? html`<span class="error-row">${t.threadsError} ${retry(() => this.controller.loadNext(), 'link-button')}</span>`
          : nothing}</div>
    `;
  }

  #renderItem(thread: Thread, index: number) {
    const t = this.t;
    const { state, activeIndex } = this.controller;
    const { id, unreadCount: unread, lastActivityAt: time } = thread;
    const selected = id === this.selectedThreadId;
    const trackingNumber = thread.trackingNumbers[0];
    return html`
      <div
        id="thread-${id}"
        part="item ${selected ? 'item-selected' : ''} ${unread ? 'item-unread' : ''}"
        class=${index === activeIndex ? 'active' : ''}
        role="option"
        aria-selected=${selected}
        aria-posinset=${index + 1}
        aria-setsize=${state.nextCursor ? -1 : state.items.length}
        @click=${() => this.#open(thread, index)}
      >
        <span part="avatar" aria-hidden="true">${initials(thread)}</span>
        <span class="main">
          <span class="line">
            <span part="name">${threadTitle(thread)}</span>
            <time part="time" datetime=${time} title=${formatDateTime(time, this.activeLocale)}>${formatRelative(time, this.activeLocale)}</time>
          </span>
          ${trackingNumber ? html`<span part="tracking-number">${trackingNumber.friendlyName}</span>` : nothing}
          <span class="line">
            <span part="preview">${this.#previewText(thread)}</span>
            ${unread
              ? html`<span part="unread-badge"><span aria-hidden="true">${unread}</span><span class="visually-hidden">${format(t.unreadBadge, { count: unread })}</span></span>`
              : nothing}
          </span>
        </span>
      </div>
    `;
  }

  #previewText(thread: Thread): string {
    const t = this.t;
    const { kind, direction, text } = thread.preview;
    const words = text || (kind === 'mms' ? t.previewPhoto : '');
    return direction === 'outbound' && kind !== 'call' ? format(t.outboundPreview, { text: words }) : words;
  }

  #open(thread: Thread, index: number): void {
    this.controller.setActive(index);
    this.selectedThreadId = thread.id;
    this.dispatchEvent(new TlThreadSelectEvent(thread));
  }

  #onFocus = () => {
    if (this.controller.activeIndex >= 0) return;
    const selected = this.controller.state.items.findIndex((thread) => thread.id === this.selectedThreadId);
    this.controller.setActive(Math.max(selected, 0));
    this.#scrollToActive = true;
  };

  #onKeyDown = (event: KeyboardEvent) => {
    const { key } = event;
    const controller = this.controller;
    const step = ({ ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 } as Record<string, number>)[key];
    if (step || key === 'Home' || key === 'End') {
      event.preventDefault();
      if (step) controller.moveActive(step);
      else controller.setActive(key === 'Home' ? 0 : controller.state.items.length - 1);
      this.#scrollToActive = true;
    } else if ((key === 'Enter' || key === ' ') && controller.activeThread) {
      event.preventDefault();
      this.#open(controller.activeThread, controller.activeIndex);
    }
  };

  #onRangeChanged = (event: Event & { last?: number }) => {
    if ((event.last ?? -1) >= this.controller.state.items.length - PREFETCH_ROWS) void this.controller.loadNext();
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-thread-list': TlThreadList;
  }
}
