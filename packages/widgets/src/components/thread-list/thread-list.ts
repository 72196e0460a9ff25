import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { virtualize, virtualizerRef, type VirtualizerHostElement } from '@lit-labs/virtualizer/virtualize.js';
// Given explicitly: the virtualizer would otherwise import its default layout lazily, a second
// request (and a separate file in the build) before the first row shows.
import { flow } from '@lit-labs/virtualizer/layouts/flow.js';
import type { Thread } from '@threadline/sdk';
import { ThreadListController, type ThreadListFilters } from '../../controllers/thread-list-controller.ts';
import { TlThreadSelectEvent } from '../../events/thread-select.ts';
import { formatDateTime, formatRelative } from '../../format.ts';
import { TlElement } from '../../internal/tl-element.ts';
import { format } from '../../strings.ts';
import { threadListStyles } from './thread-list.styles.ts';

/** The name a row shows: the saved name, else the formatted number. */
export function threadTitle(thread: Thread): string {
  return thread.contact.name?.trim() || thread.contact.display;
}

function initials(thread: Thread): string {
  const name = thread.contact.name?.trim();
  if (!name) return '#';
  const words = name.split(/\s+/).filter(Boolean);
  return ((words[0]?.[0] ?? '') + (words.length > 1 ? (words[words.length - 1]?.[0] ?? '') : '')).toUpperCase();
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
    return html`
      <div part="header">
        <div role="search">
          <input
            part="search-input"
            class="field"
            type="search"
            aria-label=${t.searchLabel}
            placeholder=${t.searchPlaceholder}
            .value=${filters.q}
            @input=${(event: Event) => this.controller.setFilters({ q: (event.target as HTMLInputElement).value })}
          />
        </div>
        <details part="filters" ?open=${activeFilters > 0}>
          <summary>${t.filtersLabel}${activeFilters ? ` (${activeFilters})` : ''}</summary>
          <div class="filter-grid">
            <label>
              ${t.filterTrackingNumber}
              <select class="field" .value=${filters.trackingNumberId} @change=${this.#onFilter('trackingNumberId')}>
                <option value="" ?selected=${!filters.trackingNumberId}>${t.filterAllTrackingNumbers}</option>
                ${numbers.map(
                  (number) => html`<option value=${number.id} ?selected=${number.id === filters.trackingNumberId}>
                    ${number.friendlyName} · ${number.display}
                  </option>`,
                )}
              </select>
            </label>
            <label>
              ${t.filterCallFlow}
              <select class="field" .value=${filters.callFlowId} @change=${this.#onFilter('callFlowId')}>
                <option value="" ?selected=${!filters.callFlowId}>${t.filterAllCallFlows}</option>
                ${callFlows.map((flow) => html`<option value=${flow.id} ?selected=${flow.id === filters.callFlowId}>${flow.name}</option>`)}
              </select>
            </label>
            <label>
              ${t.filterFrom}
              <input class="field" type="date" .value=${filters.from} max=${filters.to || nothing} @change=${this.#onFilter('from')} />
            </label>
            <label>
              ${t.filterTo}
              <input class="field" type="date" .value=${filters.to} min=${filters.from || nothing} @change=${this.#onFilter('to')} />
            </label>
          </div>
        </details>
        ${hasFilters
          ? html`<button part="clear-filters" class="link-button" type="button" @click=${() => this.controller.clearFilters()}>
              ${t.clearFilters}
            </button>`
          : nothing}
      </div>
    `;
  }

  #onFilter(key: keyof ThreadListFilters) {
    return (event: Event) => this.controller.setFilters({ [key]: (event.target as HTMLInputElement | HTMLSelectElement).value });
  }

  #renderBody() {
    const t = this.t;
    const { state, hasFilters } = this.controller;
    if (!this.activeClient) return html`<div part="status" class="state" role="status">${t.notConnected}</div>`;
    if (state.isLoading && !state.items.length) return html`<div part="status" class="state" role="status">${t.loading}</div>`;
    if (state.error && !state.items.length) {
      return html`<div part="status" class="state error-row" role="alert">
        <span>${t.threadsError} ${state.error.message}</span>
        <button class="button" type="button" @click=${() => this.controller.refresh()}>${t.retry}</button>
      </div>`;
    }
    if (!state.items.length) {
      return html`<div part="status" class="state" role="status">${hasFilters ? t.threadsEmptyFiltered : t.threadsEmpty}</div>`;
    }
    const active = this.controller.activeThread;
    return html`
      <div
        part="list"
        role="listbox"
        tabindex="0"
        aria-label=${t.threadListLabel}
        aria-busy=${state.isLoading || state.isLoadingNext ? 'true' : 'false'}
        aria-activedescendant=${active ? this.#rowId(active) : nothing}
        @keydown=${this.#onKeyDown}
        @focus=${this.#onFocus}
        @rangeChanged=${this.#onRangeChanged}
      >
        ${virtualize({
          items: state.items,
          keyFunction: (thread: Thread) => thread.id,
          renderItem: (thread: Thread, index: number) => this.#renderItem(thread, index),
          scroller: true,
          layout: flow(),
        })}
      </div>
      <div part="footer" role="status">${state.isLoadingNext ? t.loadingMore : state.error ? this.#pageError() : nothing}</div>
    `;
  }

  #pageError() {
    return html`<span class="error-row">
      ${this.t.threadsError}
      <button class="link-button" type="button" @click=${() => this.controller.loadNext()}>${this.t.retry}</button>
    </span>`;
  }

  #rowId(thread: Thread): string {
    return `thread-${thread.id}`;
  }

  #renderItem(thread: Thread, index: number) {
    const t = this.t;
    const selected = thread.id === this.selectedThreadId;
    const unread = thread.unreadCount > 0;
    const active = index === this.controller.activeIndex;
    const parts = ['item', selected ? 'item-selected' : '', unread ? 'item-unread' : ''].filter(Boolean).join(' ');
    const trackingNumber = thread.trackingNumbers[0];
    const setSize = this.controller.state.nextCursor ? -1 : this.controller.state.items.length;
    return html`
      <div
        id=${this.#rowId(thread)}
        part=${parts}
        class=${active ? 'active' : ''}
        role="option"
        aria-selected=${selected ? 'true' : 'false'}
        aria-posinset=${index + 1}
        aria-setsize=${setSize}
        @click=${() => this.#open(thread, index)}
      >
        <span part="avatar" aria-hidden="true">${initials(thread)}</span>
        <span class="main">
          <span class="line">
            <span part="name">${threadTitle(thread)}</span>
            <time part="time" datetime=${thread.lastActivityAt} title=${formatDateTime(thread.lastActivityAt, this.activeLocale)}>
              ${formatRelative(thread.lastActivityAt, this.activeLocale)}
            </time>
          </span>
          ${trackingNumber ? html`<span part="tracking-number">${trackingNumber.friendlyName}</span>` : nothing}
          <span class="line">
            <span part="preview">${this.#previewText(thread)}</span>
            ${unread
              ? html`<span part="unread-badge"
                  ><span aria-hidden="true">${thread.unreadCount}</span
                  ><span class="visually-hidden">${format(t.unreadBadge, { count: thread.unreadCount })}</span></span
                >`
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
    this.controller.setActive(selected >= 0 ? selected : 0);
    this.#scrollToActive = true;
  };

  #onKeyDown = (event: KeyboardEvent) => {
    const controller = this.controller;
    const moves: Record<string, () => void> = {
      ArrowDown: () => controller.moveActive(1),
      ArrowUp: () => controller.moveActive(-1),
      PageDown: () => controller.moveActive(10),
      PageUp: () => controller.moveActive(-10),
      Home: () => controller.setActive(0),
      End: () => controller.setActive(controller.state.items.length - 1),
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      move();
      this.#scrollToActive = true;
      return;
    }
    if ((event.key === 'Enter' || event.key === ' ') && controller.activeThread) {
      event.preventDefault();
      this.#open(controller.activeThread, controller.activeIndex);
    }
  };

  #onRangeChanged = (event: Event & { last?: number }) => {
    const last = event.last ?? -1;
    if (last >= this.controller.state.items.length - PREFETCH_ROWS) void this.controller.loadNext();
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-thread-list': TlThreadList;
  }
}
