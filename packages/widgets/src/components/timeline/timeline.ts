import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Call, Media, Message, Thread, TimelineEntry } from '@threadline/sdk';
import { TimelineController } from '../../controllers/timeline-controller.ts';
import { contactName, dayKey, formatDateTime, formatDay, formatDuration, formatFileSize, formatTime } from '../../format.ts';
import { paperclipIcon } from '../../internal/icons.ts';
import { TlElement } from '../../internal/tl-element.ts';
import { format, type TlStrings } from '../../strings.ts';
import { timelineStyles } from './timeline.styles.ts';

// Within this many pixels of the bottom, new items keep the view pinned to the newest.
const STICK_THRESHOLD = 80;
// Within this many pixels of the top, older items load.
const LOAD_OLDER_THRESHOLD = 160;

// The strings of delivery statuses and call outcomes are named after them: `status` + `Delivered`,
// `call` + `NoAnswer`.
const wordsKey = (prefix: string, value: string) => (prefix + value.replace(/(?:^|-)(\w)/g, (_, letter: string) => letter.toUpperCase())) as keyof TlStrings;

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
  #shown: Array<string | undefined> = [];
  // How far the top of the log was from its bottom before the update.
  #fromBottom: number | undefined;
  // The log shrinks when something beside it grows (a composer gaining lines, a notice): no scroll
  // event fires, so without this the newest message slides out of view under the user. The log
  // fills the element, so watching the element is watching the log.
  #resizeObserver = new ResizeObserver(() => this.#follow());

  /** Moves focus to the conversation (so arrow keys scroll it). */
  override focus(options?: FocusOptions): void {
    this.log?.focus(options);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#resizeObserver.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resizeObserver.disconnect();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const log = this.log;
    this.#fromBottom = log ? log.scrollHeight - log.scrollTop : undefined;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const log = this.log;
    const { items, error } = this.controller.state;
    const [threadId, first, last] = this.#shown;
    const shown = (this.#shown = [this.controller.threadId, items[0]?.key, items.at(-1)?.key]);
    if (!log) return;
    const fresh = this.#fromBottom === undefined || threadId !== shown[0] || first === undefined;
    // A new thread, or its first page: start at the newest.
    if (fresh) this.#stick = true;
    // Older items went in above: keep what the user was reading where it was.
    if (!fresh && first !== shown[1] && last === shown[2]) this.#scrollTo(log, log.scrollHeight - this.#fromBottom!);
    else this.#follow();
    // A short first page leaves nothing to scroll, so "scroll up for more" could never fire.
    if (!error) this.#loadNearTop(log);
  }

  // Our own scrolls are remembered as they happen: their scroll events come a frame later and
  // coalesce with the user's, so #onScroll could not tell a move up from them otherwise.
  #scrollTo(log: HTMLElement, top: number): void {
    log.scrollTop = top;
    this.#lastScrollTop = log.scrollTop;
  }

  // Pinned to the bottom: back to the newest.
  #follow = () => {
    const log = this.log;
    if (this.#stick && log) this.#scrollTo(log, log.scrollHeight);
  };

  #loadNearTop(log: HTMLElement): void {
    if (log.scrollTop < LOAD_OLDER_THRESHOLD) void this.controller.loadOlder();
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
    this.#loadNearTop(log);
  };

  protected override render() {
    const t = this.t;
    const { state } = this.controller;
    const { items, error } = state;
    const note = (text: unknown, role?: string) => html`<div part="status-message" class="state" role=${role ?? nothing}>${text}</div>`;
    const idle = !this.activeClient ? t.notConnected : !this.threadId ? t.timelineNoThread : state.isLoading && !items.length ? t.loading : undefined;
    if (idle !== undefined) return note(idle, 'status');
    if (error && !items.length) {
      return note(html`<p>${t.timelineError} ${error.message}</p>
        <button class="button" type="button" @click=${() => this.controller.refresh()}>${t.retry}</button>`, 'alert');
    }
    return html`
      <div part="log" role="log" tabindex="0" aria-label=${format(t.timelineLabel, { name: this.#contactName() })} @scroll=${this.#onScroll}>
        ${state.isLoadingNext ? note(t.loadingOlder, 'status') : nothing}
        ${error ? note(html`${t.timelineError} <button class="link-button" type="button" @click=${() => this.controller.loadOlder()}>${t.retry}</button>`, 'alert') : nothing}
        ${items.length ? nothing : note(t.timelineEmpty)}
        ${repeat(
          items,
          (item) => item.key,
          (item, index) => html`${this.#separator(item, items[index - 1])}${item.kind === 'call' ? this.#renderCall(item) : this.#renderMessage(item)}`,
        )}
      </div>
      ${this.#renderLightbox()}
    `;
  }

  #contactName(): string {
    const { thread } = this;
    if (thread && thread.id === this.threadId) return contactName(thread.contact);
    const latest = this.controller.latest;
    return latest ? (latest.direction === 'inbound' ? latest.fromDisplay : latest.toDisplay) : '';
  }

  #separator(item: TimelineEntry, previous: TimelineEntry | undefined) {
    if (previous && dayKey(previous.occurredAt) === dayKey(item.occurredAt)) return nothing;
    return html`<div part="day-separator">${formatDay(item.occurredAt, this.t, this.activeLocale)}</div>`;
  }

  // When an item happened, with the full date and time on hover.
  #time(entry: TimelineEntry) {
    return html`<time datetime=${entry.occurredAt} title=${formatDateTime(entry.occurredAt, this.activeLocale)}>${formatTime(entry.occurredAt, this.activeLocale)}</time>`;
  }

  // The tracking number it went through, when it has a name.
  #via(entry: TimelineEntry): string {
    const name = entry.trackingNumber.friendlyName;
    return name ? format(this.t.viaNumber, { name }) : '';
  }

  #renderMessage(message: Message & TimelineEntry) {
    const t = this.t;
    const { direction, sendState, key } = message;
    const via = this.#via(message);
    return html`
      <div part="message message-${direction}" class="message ${direction} ${sendState ? 'pending' : ''}">
        <span class="visually-hidden">${direction === 'inbound' ? t.inboundMessage : t.outboundMessage}</span>
        <div part="bubble">
          ${message.media.map((media) => this.#renderMedia(media))}
          ${message.body ? html`<p part="body">${message.body}</p>` : nothing}
        </div>
        <div part="meta">
          ${this.#time(message)} ${direction === 'outbound' ? this.#renderStatus(message) : nothing} ${via ? html`<span>${via}</span>` : nothing}
        </div>
        ${sendState === 'failed'
          ? html`<div class="send-error" role="alert">
              <span>${format(t.sendFailed, { reason: message.sendError?.message ?? t.unknownError })}</span>
              <button class="link-button" type="button" @click=${() => this.controller.retry(key)}>${t.retry}</button>
              <button class="link-button" type="button" @click=${() => this.controller.discard(key)}>${t.close}</button>
            </div>`
          : nothing}
      </div>
    `;
  }

  #renderStatus(message: Message & TimelineEntry) {
    const t = this.t;
    // A message this client is still sending (or failed to) has no delivery status yet.
    let status: string = message.sendState ?? message.status;
    let words = t[wordsKey('status', status)] ?? status;
    const { errorMessage, errorCode } = message;
    if (!message.sendState && (status === 'failed' || status === 'undelivered') && (errorMessage || errorCode)) {
      const reason = errorMessage && errorCode ? format(t.failedReasonWithCode, { reason: errorMessage, code: errorCode }) : (errorMessage || errorCode)!;
      words = format(t.failedWithReason, { status: words, reason });
      status = 'failed';
    }
    return html`<span part="status status-${status}">${words}</span>`;
  }

  #renderMedia(media: Media) {
    const t = this.t;
    const { url, filename } = media;
    const type = media.contentType.toLowerCase();
    if (type.startsWith('image/')) {
      return html`<button part="image-button" type="button" aria-label=${format(t.enlargeImage, { name: filename })} @click=${() => this.#enlarge(media)}>
        <img part="image" src=${url} alt=${filename} loading="lazy" @load=${this.#follow} />
      </button>`;
    }
    if (type.startsWith('audio/')) return html`<audio part="audio" controls preload="none" src=${url} aria-label=${filename}></audio>`;
    if (type.startsWith('video/')) return html`<video part="video" controls preload="metadata" src=${url} aria-label=${filename} @loadedmetadata=${this.#follow}></video>`;
    const size = formatFileSize(media.size, this.activeLocale);
    return html`<a part="attachment" href=${url} download=${filename} target="_blank" rel="noopener">
      ${paperclipIcon()}<span>${format(t.download, { name: filename, size })}</span>
    </a>`;
  }

  #renderCall(call: Call & TimelineEntry) {
    const t = this.t;
    const { status, recording } = call;
    const via = this.#via(call);
    // A voicemail lasts as long as its recording; any other call as long as the call.
    const duration = formatDuration((status === 'voicemail' ? recording?.durationSeconds : undefined) ?? call.durationSeconds);
    return html`
      <div part="call call-${status}">
        <span class="call-title">${format(t[wordsKey('call', status)] ?? status, { duration })}</span>
        <span>${call.direction === 'inbound' ? t.callInbound : t.callOutbound} · ${this.#time(call)} ${via ? `· ${via}` : ''}</span>
        ${recording
          ? html`<audio part="recording" controls preload="none" src=${recording.url} aria-label=${t.recording}></audio>
              <a href=${recording.url} target="_blank" rel="noopener">${t.openRecording}</a>`
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
