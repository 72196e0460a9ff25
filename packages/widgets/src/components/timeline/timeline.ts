import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Call, Media, Message, MessageStatus, Thread, TimelineEntry } from '@threadline/sdk';
import { TimelineController } from '../../controllers/timeline-controller.ts';
import { dayKey, formatDateTime, formatDay, formatDuration, formatFileSize, formatTime } from '../../format.ts';
import { paperclipIcon } from '../../internal/icons.ts';
import { TlElement } from '../../internal/tl-element.ts';
import { format, type TlStrings } from '../../strings.ts';
import { timelineStyles } from './timeline.styles.ts';

// Within this many pixels of the bottom, new items keep the view pinned to the newest.
const STICK_THRESHOLD = 80;
// Within this many pixels of the top, older items load.
const LOAD_OLDER_THRESHOLD = 160;

const statusWords: Record<MessageStatus, keyof TlStrings> = {
  queued: 'statusQueued',
  sending: 'statusSending',
  sent: 'statusSent',
  delivered: 'statusDelivered',
  undelivered: 'statusUndelivered',
  failed: 'statusFailed',
  received: 'statusReceived',
};

/**
 * @summary One conversation's history, newest at the bottom: text and MMS bubbles with delivery
 * status (and the carrier's reason when one fails), calls with duration and recordings, day
 * separators. Older activity loads when scrolling up, without the view jumping; live events
 * append and update in place. Opening a thread marks it read.
 *
 * @csspart log - The scrolling conversation (role log).
 * @csspart day-separator - "Today", "Yesterday" or a date.
 * @csspart message - A message row (also `message-inbound`, `message-outbound`).
 * @csspart bubble - A message's bubble.
 * @csspart body - A message's text.
 * @csspart meta - Time, status and tracking number under a bubble.
 * @csspart status - Delivery status (also `status-queued`, `status-sent`, `status-delivered`, `status-failed`, …).
 * @csspart call - A call row (also `call-answered`, `call-missed`, `call-voicemail`, `call-failed`, …).
 * @csspart recording - A call recording's audio player.
 * @csspart image-button - The button around an inline image (opens it large).
 * @csspart image - An inline image.
 * @csspart audio - An audio attachment's player.
 * @csspart video - A video attachment's player.
 * @csspart attachment - A download chip for other files.
 * @csspart lightbox - The enlarged-image dialog.
 * @csspart status-message - Loading, empty and error messages.
 *
 * @cssproperty --tl-timeline-bubble-max-width - Widest a bubble gets (default 75%).
 * @cssproperty --tl-color-bubble-inbound - Inbound bubble background (with --tl-color-on-bubble-inbound).
 * @cssproperty --tl-color-bubble-outbound - Outbound bubble background (with --tl-color-on-bubble-outbound).
 * @cssproperty --tl-radius-bubble - Bubble corner radius.
 */
@customElement('tl-timeline')
export class TlTimeline extends TlElement {
  static override styles = timelineStyles;

  /** The thread to show. */
  @property({ attribute: 'thread-id', reflect: true }) threadId: string | undefined;

  /** The thread, when the host has it: names the conversation for screen readers. */
  @property({ attribute: false }) thread: Thread | undefined;

  /** Do not mark the thread read when it opens (e.g. a preview). */
  @property({ type: Boolean, attribute: 'no-mark-read' }) noMarkRead = false;

  /** The timeline's logic; hosts may read its state or call loadOlder/refresh. */
  readonly controller = new TimelineController(this, {
    client: () => this.activeClient,
    threadId: () => this.threadId,
    markRead: () => !this.noMarkRead,
  });

  @query('[part="log"]') private log!: HTMLElement | null;
  @query('dialog') private lightbox!: HTMLDialogElement | null;
  @state() private enlarged: Media | undefined;

  #stick = true;
  #lastScrollTop = 0;
  // What the last render showed. The controller's state is already the next one by the time an
  // update starts, so the keys must be remembered from the render itself.
  #rendered: { threadId: string | undefined; firstKey: string | undefined; lastKey: string | undefined } = { threadId: undefined, firstKey: undefined, lastKey: undefined };
  #metrics: { height: number; top: number } | undefined;
  // The log shrinks when something beside it grows (a composer gaining lines, a notice): no scroll
  // event fires, so without this the newest message slides out of view under the user.
  #resizeObserver = new ResizeObserver(() => {
    if (this.#stick && this.log) this.#scrollTo(this.log, this.log.scrollHeight);
  });
  #observedLog: HTMLElement | null = null;

  /** Moves focus to the conversation (so arrow keys scroll it). */
  override focus(options?: FocusOptions): void {
    this.log?.focus(options);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const log = this.log;
    this.#metrics = log ? { height: log.scrollHeight, top: log.scrollTop } : undefined;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const log = this.log;
    const items = this.controller.state.items;
    const before = this.#rendered;
    const metrics = this.#metrics;
    this.#rendered = { threadId: this.controller.threadId, firstKey: items[0]?.key, lastKey: items.at(-1)?.key };
    if (log !== this.#observedLog) {
      if (this.#observedLog) this.#resizeObserver.unobserve(this.#observedLog);
      if (log) this.#resizeObserver.observe(log);
      this.#observedLog = log;
    }
    if (!log) return;
    if (!metrics || before.threadId !== this.controller.threadId || before.firstKey === undefined) {
      // A new thread, or its first page: start at the newest.
      this.#stick = true;
      this.#scrollTo(log, log.scrollHeight);
    } else if (items[0]?.key !== before.firstKey && items.at(-1)?.key === before.lastKey) {
      // Older items went in above: keep what the user was reading where it was.
      this.#scrollTo(log, metrics.top + (log.scrollHeight - metrics.height));
    } else if (this.#stick) {
      this.#scrollTo(log, log.scrollHeight);
    }
    this.#fillViewport();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resizeObserver.disconnect();
    this.#observedLog = null;
  }

  // A short first page leaves nothing to scroll, so "scroll up for more" could never fire.
  #fillViewport(): void {
    const log = this.log;
    const { nextCursor, isLoading, isLoadingNext, error } = this.controller.state;
    if (log && nextCursor && !isLoading && !isLoadingNext && !error && log.scrollHeight <= log.clientHeight + LOAD_OLDER_THRESHOLD) {
      void this.controller.loadOlder();
    }
  }

  // Our own scrolls are remembered as they happen: their scroll events come a frame later and
  // coalesce with the user's, so #onScroll could not tell a move up from them otherwise.
  #scrollTo(log: HTMLElement, top: number): void {
    log.scrollTop = top;
    this.#lastScrollTop = log.scrollTop;
  }

  #onScroll = () => {
    const log = this.log;
    if (!log) return;
    // Only the user moving up leaves the bottom. The log shrinking (the composer grew) also puts the
    // bottom out of view, and a scroll event of ours may be dispatched only after that: neither
    // means "the user is reading older messages".
    if (log.scrollHeight - log.scrollTop - log.clientHeight < STICK_THRESHOLD) this.#stick = true;
    else if (log.scrollTop < this.#lastScrollTop) this.#stick = false;
    this.#lastScrollTop = log.scrollTop;
    const { nextCursor, isLoadingNext } = this.controller.state;
    if (log.scrollTop < LOAD_OLDER_THRESHOLD && nextCursor && !isLoadingNext) void this.controller.loadOlder();
  };

  #onMediaLoad = () => {
    if (this.#stick && this.log) this.#scrollTo(this.log, this.log.scrollHeight);
  };

  protected override render() {
    const t = this.t;
    const { state } = this.controller;
    if (!this.activeClient) return html`<div part="status-message" class="state" role="status">${t.notConnected}</div>`;
    if (!this.threadId) return html`<div part="status-message" class="state" role="status">${t.timelineNoThread}</div>`;
    if (state.isLoading && !state.items.length) return html`<div part="status-message" class="state" role="status">${t.loading}</div>`;
    if (state.error && !state.items.length) {
      return html`<div part="status-message" class="state" role="alert">
        <p>${t.timelineError} ${state.error.message}</p>
        <button class="button" type="button" @click=${() => this.controller.refresh()}>${t.retry}</button>
      </div>`;
    }
    return html`
      <div part="log" role="log" tabindex="0" aria-label=${format(t.timelineLabel, { name: this.#contactName() })} @scroll=${this.#onScroll}>
        ${state.isLoadingNext ? html`<div part="status-message" class="state" role="status">${t.loadingOlder}</div>` : nothing}
        ${state.error && state.items.length
          ? html`<div part="status-message" class="state" role="alert">
              ${t.timelineError}
              <button class="link-button" type="button" @click=${() => this.controller.loadOlder()}>${t.retry}</button>
            </div>`
          : nothing}
        ${state.items.length ? nothing : html`<div part="status-message" class="state">${t.timelineEmpty}</div>`}
        ${repeat(
          state.items,
          (item) => item.key,
          (item, index) => html`${this.#separator(item, state.items[index - 1])}${item.kind === 'call' ? this.#renderCall(item) : this.#renderMessage(item)}`,
        )}
      </div>
      ${this.#renderLightbox()}
    `;
  }

  #contactName(): string {
    if (this.thread?.id === this.threadId && this.thread) return this.thread.contact.name?.trim() || this.thread.contact.display;
    const latest = this.controller.latest;
    return latest ? (latest.direction === 'inbound' ? latest.fromDisplay : latest.toDisplay) : '';
  }

  #separator(item: TimelineEntry, previous: TimelineEntry | undefined) {
    if (previous && dayKey(previous.occurredAt) === dayKey(item.occurredAt)) return nothing;
    return html`<div part="day-separator">${formatDay(item.occurredAt, this.t, this.activeLocale)}</div>`;
  }

  #renderMessage(message: Message & TimelineEntry) {
    const t = this.t;
    const direction = message.direction;
    const pending = message.sendState !== undefined;
    return html`
      <div part="message message-${direction}" class="message ${direction} ${pending ? 'pending' : ''}">
        <span class="visually-hidden">${direction === 'inbound' ? t.inboundMessage : t.outboundMessage}</span>
        <div part="bubble">
          ${message.media.map((media) => this.#renderMedia(media))}
          ${message.body ? html`<p part="body">${message.body}</p>` : nothing}
        </div>
        <div part="meta">
          <time datetime=${message.occurredAt} title=${formatDateTime(message.occurredAt, this.activeLocale)}>${formatTime(message.occurredAt, this.activeLocale)}</time>
          ${direction === 'outbound' ? this.#renderStatus(message) : nothing}
          ${message.trackingNumber.friendlyName ? html`<span>${format(t.viaNumber, { name: message.trackingNumber.friendlyName })}</span>` : nothing}
        </div>
        ${message.sendState === 'failed'
          ? html`<div class="send-error" role="alert">
              <span>${format(t.sendFailed, { reason: message.sendError?.message ?? t.unknownError })}</span>
              <button class="link-button" type="button" @click=${() => this.controller.retry(message.key)}>${t.retry}</button>
              <button class="link-button" type="button" @click=${() => this.controller.discard(message.key)}>${t.close}</button>
            </div>`
          : nothing}
      </div>
    `;
  }

  #renderStatus(message: Message & TimelineEntry) {
    const t = this.t;
    if (message.sendState === 'sending') return html`<span part="status status-sending">${t.statusSending}</span>`;
    if (message.sendState === 'failed') return html`<span part="status status-failed">${t.statusFailed}</span>`;
    const words = t[statusWords[message.status]] ?? message.status;
    if ((message.status === 'failed' || message.status === 'undelivered') && (message.errorMessage || message.errorCode)) {
      const reason = message.errorMessage && message.errorCode
        ? format(t.failedReasonWithCode, { reason: message.errorMessage, code: message.errorCode })
        : (message.errorMessage ?? message.errorCode ?? '');
      return html`<span part="status status-failed">${format(t.failedWithReason, { status: words, reason })}</span>`;
    }
    return html`<span part="status status-${message.status}">${words}</span>`;
  }

  #renderMedia(media: Media) {
    const t = this.t;
    const type = media.contentType.toLowerCase();
    if (type.startsWith('image/')) {
      return html`<button part="image-button" type="button" aria-label=${format(t.enlargeImage, { name: media.filename })} @click=${() => this.#enlarge(media)}>
        <img part="image" src=${media.url} alt=${media.filename} loading="lazy" @load=${this.#onMediaLoad} />
      </button>`;
    }
    if (type.startsWith('audio/')) return html`<audio part="audio" controls preload="none" src=${media.url} aria-label=${media.filename}></audio>`;
    if (type.startsWith('video/')) {
      return html`<video part="video" controls preload="metadata" src=${media.url} aria-label=${media.filename} @loadedmetadata=${this.#onMediaLoad}></video>`;
    }
    const size = formatFileSize(media.size, this.activeLocale);
    return html`<a part="attachment" href=${media.url} download=${media.filename} target="_blank" rel="noopener">
      ${paperclipIcon()}<span>${format(t.download, { name: media.filename, size })}</span>
    </a>`;
  }

  #renderCall(call: Call & TimelineEntry) {
    const t = this.t;
    const duration = formatDuration(call.recording?.durationSeconds ?? call.durationSeconds);
    const outcomes: Record<Call['status'], string> = {
      answered: format(t.callAnswered, { duration: formatDuration(call.durationSeconds) }),
      missed: t.callMissed,
      voicemail: format(t.callVoicemail, { duration }),
      failed: t.callFailed,
      busy: t.callBusy,
      'no-answer': t.callNoAnswer,
      canceled: t.callCanceled,
      ringing: t.callRinging,
      'in-progress': t.callInProgress,
    };
    return html`
      <div part="call call-${call.status}">
        <span class="call-title">${outcomes[call.status] ?? call.status}</span>
        <span>
          ${call.direction === 'inbound' ? t.callInbound : t.callOutbound}
          · <time datetime=${call.occurredAt} title=${formatDateTime(call.occurredAt, this.activeLocale)}>${formatTime(call.occurredAt, this.activeLocale)}</time>
          ${call.trackingNumber.friendlyName ? html`· ${format(t.viaNumber, { name: call.trackingNumber.friendlyName })}` : nothing}
        </span>
        ${call.recording
          ? html`<audio part="recording" controls preload="none" src=${call.recording.url} aria-label=${t.recording}></audio>
              <a href=${call.recording.url} target="_blank" rel="noopener">${t.openRecording}</a>`
          : nothing}
      </div>
    `;
  }

  #enlarge(media: Media): void {
    this.enlarged = media;
    void this.updateComplete.then(() => this.lightbox?.showModal());
  }

  #renderLightbox() {
    const media = this.enlarged;
    return html`<dialog part="lightbox" aria-label=${media?.filename ?? ''} @close=${() => (this.enlarged = undefined)}>
      ${media
        ? html`<div class="lightbox-bar">
              <span>${media.filename}</span>
              <button class="button" type="button" autofocus @click=${() => this.lightbox?.close()}>${this.t.close}</button>
            </div>
            <img src=${media.url} alt=${media.filename} />`
        : nothing}
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-timeline': TlTimeline;
  }
}
