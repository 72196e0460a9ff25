import type { ReactiveControllerHost } from 'lit';
import {
  quoteCost,
  smsSegments,
  ThreadlineError,
  asThreadlineError,
  type Balance,
  type Contact,
  type Encoding,
  type Media,
  type Message,
  type Quote,
  type ReadinessAction,
  type ReadinessState,
  type SendMessageInput,
  type Thread,
  type ThreadlineClient,
  type TrackingNumber,
} from '@threadline/sdk';
import { ClientBoundController, type ClientSource } from './client-bound.ts';
import { acquireBalance, acquireNumbers, acquireTimeline, type TimelineHandle } from './client-resources.ts';
import { draftKey, loadSessionDrafts, readDraft, writeDraft, type Draft, type DraftStorage } from './composer-drafts.ts';

/** Twilio's MMS limits: attachments per message and their total size. */
export const MMS_LIMITS = { maxAttachments: 10, maxTotalBytes: 5 * 1024 * 1024 } as const;

/** The longest body the server accepts, in characters (code points), as Twilio caps it. */
export const MAX_BODY_CHARACTERS = 1600;

/** File types the composer offers to attach (the server has the final word). */
export const ATTACHMENT_TYPES = ['image/*', 'audio/*', 'video/*', 'application/pdf', 'text/vcard', 'text/x-vcard', 'text/csv', 'text/plain'] as const;

/** A file being attached: uploaded at once, so sending only names its media id. */
export interface Attachment {
  readonly key: string;
  readonly file: File;
  /** An object URL for image previews (revoked when removed). */
  readonly previewUrl: string | null;
  /** Upload progress, 0 to 1. */
  progress: number;
  /** The uploaded media, once done. */
  media: Media | null;
  /** Why the upload failed. */
  error: ThreadlineError | null;
  readonly abort: AbortController;
}

/** Why the composer will not send now; the view words it (see the strings). */
export type Refusal =
  | { kind: 'no-number' }
  | { kind: 'too-long'; characters: number; limit: number }
  | { kind: 'readiness'; trackingNumberId: string; state: ReadinessState; message: string | null; action: ReadinessAction | null }
  | { kind: 'opted-out'; contact: Pick<Contact, 'e164'> }
  | { kind: 'balance'; balance: number; cost: number; currency: string }
  | { kind: 'server'; code: string; message: string };

/** What the message will be: the live meter. */
export interface Meter {
  encoding: Encoding;
  segments: number;
  characters: number;
  /** The characters that forced UCS-2, in order of first appearance. */
  unicodeCharacters: string[];
  /** Attachments that are part of the message. */
  mediaCount: number;
  /** Cost in minor units; null until the rates are known. */
  cost: number | null;
  currency: string;
}

/** The recipient of a new message, as the server read it (see `ComposerController.recipient`). */
export interface Recipient {
  /** E.164, once the server has read the typed number; null before, or when it cannot. */
  e164: string | null;
  /** The server could not read the typed text as a number it can text. */
  invalid: boolean;
  /** The server's words for an unusable recipient (its 422 message on `to`); null otherwise. */
  message: string | null;
  /** The typed text is being checked with the server. */
  checking: boolean;
}

/** The server's answer about one typed recipient, for one From number. */
interface RecipientCheck {
  /** The From number and the typed text it answers for. */
  key: string;
  e164: string | null;
  /** The server's 422 on `to`. */
  invalid: ThreadlineError | null;
}

/** Options of `ComposerController`. */
export interface ComposerControllerOptions {
  client?: ClientSource;
  /** The thread replied to; unset for a new message. Read before each render. */
  threadId?: () => string | undefined;
  /** The thread itself, when the host has it (contact, numbers), so refusals show before any typing. */
  thread?: () => Thread | undefined;
  /**
   * How long the composer waits after typing before asking the server for a quote, or to read a
   * typed recipient. Default 350 ms.
   */
  quoteDelayMs?: number;
  /**
   * Where unsent drafts are kept: `memory` (default) or `session` (also the tab's sessionStorage,
   * keyed by business, user and thread, so a reload keeps them). Read when the thread changes.
   */
  drafts?: () => DraftStorage | undefined;
}

let attachmentKeys = 0;

// The draft slot of the new message.
const NEW = draftKey(undefined);

const matchesType = (type: string) =>
  ATTACHMENT_TYPES.some((accepted) => (accepted.endsWith('/*') ? type.startsWith(accepted.slice(0, -1)) : type === accepted));

/**
 * A refusal the server gave (a quote's, or a send's error) as the composer words it. `e164` is
 * the recipient the refusal is about.
 */
export function serverRefusal(
  { code, message, details = {} }: { code: string; message: string; details?: Record<string, unknown> },
  e164 = '',
  currency = 'USD',
): Refusal {
  const { cost, balance, state, trackingNumberId, action = null } = details;
  if (code === 'insufficient_balance' && typeof cost === 'number' && typeof balance === 'number') {
    return { kind: 'balance', balance, cost, currency: String(details.currency ?? currency) };
  }
  if (code === 'recipient_opted_out') return { kind: 'opted-out', contact: { e164 } };
  // The server's 409 carries the number's readiness.
  if (code === 'number_not_ready' && typeof state === 'string') return { kind: 'readiness', trackingNumberId, state, message, action } as Refusal;
  return { kind: 'server', code, message };
}

/**
 * The logic of `tl-composer`: From numbers and their readiness, recipient checking (by the
 * server, which reads the typed number: the browser carries no phone library), the live
 * segment/cost meter, every refusal the server would give (number not ready, opted-out contact,
 * balance), attachments with upload progress, and sending (optimistic in a thread).
 *
 * Drafts: the text (and, for a new message, the recipient) and a chosen From number are kept per
 * thread for as long as the client lives, so moving to another thread and back, or a new
 * composer on the same client, restores them. A successful send clears its thread's draft; a
 * refused one keeps it. Attachments are not kept. With `drafts: () => 'session'` they also go to
 * sessionStorage (never localStorage: bodies can be private).
 * @example
 * composer = new ComposerController(this, { client, threadId: () => this.threadId });
 * // <textarea .value=${composer.body} @input=${(e) => composer.setBody(e.target.value)}>
 * // <button ?disabled=${!composer.canSend} @click=${() => composer.send()}>
 */
export class ComposerController extends ClientBoundController {
  /** The business's numbers with readiness. */
  numbers: TrackingNumber[] = [];
  numbersLoading = true;
  numbersError: ThreadlineError | null = null;
  /** Balance and rates; undefined until loaded. */
  balance: Balance | undefined;
  /** The message text. */
  body = '';
  /** The recipient as typed (new messages). */
  to = '';
  attachments: Attachment[] = [];
  sending = false;
  /** Why the last send failed, as the server said it. */
  sendError: ThreadlineError | null = null;
  /** The server's latest quote for exactly the current input. */
  quote: Quote | null = null;

  #threadId: () => string | undefined;
  #thread: () => Thread | undefined;
  #quoteDelay: number;
  #chosenFrom: string | undefined;
  #liveContact: Contact | undefined;
  #timeline: TimelineHandle | undefined;
  #stops: Array<() => void> = [];
  #drafts: () => DraftStorage | undefined;
  // The draft slot the fields belong to; a new object each time it changes, so an answer that
  // arrives after the user moved on can tell.
  #draft: { client: ThreadlineClient; key: string } | undefined;
  // The user typed since the slot opened: a draft loaded late from sessionStorage must not replace it.
  #touched = false;
  // One request path serves both the recipient check and the quote (see #ask).
  #timer: ReturnType<typeof setTimeout> | undefined;
  #abort: AbortController | undefined;
  // The request last asked (or answered) for, so the same input is not asked twice.
  #asked = '';
  // What `quote` answers for.
  #quoteKey = '';
  #check: RecipientCheck | null = null;

  constructor(host: ReactiveControllerHost, options: ComposerControllerOptions = {}) {
    super(host, options.client);
    this.#threadId = options.threadId ?? (() => undefined);
    this.#thread = options.thread ?? (() => undefined);
    this.#quoteDelay = options.quoteDelayMs ?? 350;
    this.#drafts = options.drafts ?? (() => undefined);
  }

  /** Replying in a thread, or starting a new message. */
  get mode(): 'reply' | 'new' {
    return this.#threadId() ? 'reply' : 'new';
  }

  protected override inputs(): unknown[] {
    return [this.#threadId()];
  }

  protected attach(client: ThreadlineClient): void {
    this.#openDraft(client, draftKey(this.#threadId()));
    const numbers = acquireNumbers(client);
    const balance = acquireBalance(client);
    const threadId = this.#threadId();
    const update = () => this.host.requestUpdate();
    // The server's answer depends on more than the input: a top-up, a number that became ready
    // and an opt-out (STOP) or opt-in (START) all change it, so the last quote goes stale without
    // any typing. Each of these asks again (debounced); the shared resources update themselves.
    const askAgain = () => this.#ask(true);
    this.#stops.push(
      numbers.state.subscribe(({ value, isLoading, error }) => {
        this.numbers = value ?? [];
        this.numbersLoading = isLoading;
        this.numbersError = error;
        // Until the numbers load there is no From, so nothing typed so far has been checked or quoted.
        this.#ask();
        update();
      }),
      balance.state.subscribe(({ value }) => {
        this.balance = value;
        update();
      }),
      client.on('balance.updated', askAgain),
      // Any number: one becoming ready may also become the default From.
      client.on('number.updated', askAgain),
      client.on('thread.updated', (thread) => {
        if (threadId ? thread.id !== threadId : thread.contact.e164 !== this.recipient.e164) return;
        if (threadId) this.#liveContact = thread.contact;
        askAgain();
        update();
      }),
      // Events missed while the stream was down are not replayed into the quote.
      client.on('connection.recovered', askAgain),
      numbers.release,
      balance.release,
    );
    if (threadId) {
      const timeline = (this.#timeline = acquireTimeline(client, threadId));
      this.#stops.push(timeline.timeline.subscribe(update), timeline.release);
    }
    this.#ask();
  }

  protected detach(): void {
    for (const stop of this.#stops.splice(0)) stop();
    this.#timeline = this.#liveContact = undefined;
    this.quote = this.sendError = this.#check = null;
    clearTimeout(this.#timer);
    this.#abort?.abort();
    this.#asked = '';
  }

  override hostDisconnected(): void {
    super.hostDisconnected();
    this.#dropAttachments();
  }

  /** The contact replied to, as last known. */
  get contact(): Contact | undefined {
    const thread = this.#thread();
    if (this.#liveContact && (!thread || thread.contact.id === this.#liveContact.id)) return this.#liveContact;
    return thread?.contact;
  }

  // The thread's latest message that the server has (not one being sent).
  #latest() {
    return this.#timeline?.timeline.get().items.findLast((item) => !item.sendState);
  }

  /** The From number's id: the one chosen, else the thread's latest, else the first that can send. */
  get fromId(): string | undefined {
    const known = (id: string | undefined) => id && this.numbers.some((number) => number.id === id);
    if (known(this.#chosenFrom)) return this.#chosenFrom;
    const threadNumber = this.#latest()?.trackingNumber.id ?? this.#thread()?.trackingNumbers[0]?.id;
    if (threadNumber && (this.mode === 'reply' || known(threadNumber))) return threadNumber;
    return (this.numbers.find((number) => number.readiness.canSend) ?? this.numbers[0])?.id;
  }

  /** The From number. */
  get from(): TrackingNumber | undefined {
    const id = this.fromId;
    return this.numbers.find((number) => number.id === id);
  }

  /**
   * The recipient: in a thread, its contact; in a new message, the typed text as the server reads
   * it (national US/CA formats become E.164), checked a moment after typing stops.
   */
  get recipient(): Recipient {
    let e164: string | null | undefined;
    let check: RecipientCheck | null = null;
    let checking = false;
    if (this.mode === 'reply') {
      const latest = this.#latest();
      e164 = this.contact?.e164 ?? (latest && (latest.direction === 'inbound' ? latest.from : latest.to));
    } else if (this.to.trim()) {
      check = this.#check?.key === this.#checkKey() ? this.#check : null;
      e164 = check?.e164;
      // Checked once there is a From number to ask with (none at all: the no-number refusal says so).
      checking = !check && (this.numbersLoading || Boolean(this.fromId));
    }
    return { e164: e164 ?? null, invalid: Boolean(check?.invalid), message: check?.invalid?.message ?? null, checking };
  }

  #checkKey(): string {
    return `${this.fromId ?? ''}\n${this.to.trim()}`;
  }

  /** The live meter: characters, segments, encoding, and cost at the business's rates. */
  get meter(): Meter {
    const { encoding, segments, characters, unicodeCharacters } = smsSegments(this.body);
    const mediaCount = this.attachments.length;
    const rates = this.balance?.rates;
    const cost = rates ? quoteCost({ segments, mediaCount, direction: 'outbound', rates }) : null;
    return { encoding, segments, characters, unicodeCharacters, mediaCount, cost, currency: this.balance?.currency ?? 'USD' };
  }

  /** Why a send would be refused now, in the server's order of checks; null when it would be accepted. */
  get refusal(): Refusal | null {
    if (!this.numbersLoading && !this.numbers.length) {
      // A failed load is not an empty list: say what went wrong rather than "no numbers yet".
      const error = this.numbersError;
      return error ? { kind: 'server', code: error.code, message: error.message } : { kind: 'no-number' };
    }
    const from = this.from;
    if (from && !from.readiness.canSend) {
      const { state, message, action } = from.readiness;
      return { kind: 'readiness', trackingNumberId: from.id, state, message, action };
    }
    const characters = this.#characters();
    if (characters > MAX_BODY_CHARACTERS) return { kind: 'too-long', characters, limit: MAX_BODY_CHARACTERS };
    const e164 = this.recipient.e164;
    const quote = this.#currentQuote();
    if (e164 && (this.contact?.optedOut || quote?.recipient.optedOut)) return { kind: 'opted-out', contact: { e164 } };
    const { cost, currency } = this.meter;
    // A cost means the balance (with its rates) is loaded.
    const balance = this.balance?.balance;
    if (cost !== null && this.#hasContent() && cost > balance!) return { kind: 'balance', balance: balance!, cost, currency };
    // A quote exists only for a known recipient.
    return quote?.refusal ? serverRefusal(quote.refusal, e164!, currency) : null;
  }

  /** A number that sends with a caveat (toll-free verification pending). */
  get warning(): { state: ReadinessState; message: string | null } | null {
    const readiness = this.from?.readiness;
    return readiness?.canSend && readiness.state !== 'ready' ? { state: readiness.state, message: readiness.message } : null;
  }

  /** Uploads still running. */
  get uploading(): boolean {
    return this.attachments.some((attachment) => !attachment.media && !attachment.error);
  }

  /** Whether Send may be pressed. */
  get canSend(): boolean {
    return Boolean(
      !this.sending && this.#input() && this.#hasContent() && !this.uploading && !this.attachments.some((attachment) => attachment.error) && !this.refusal,
    );
  }

  // As the server counts the body against its limit: code points.
  #characters(): number {
    return Array.from(this.body).length;
  }

  #hasContent(): boolean {
    return Boolean(this.body.trim() || this.attachments.length);
  }

  /** Sets the text. */
  setBody(body: string): void {
    this.body = body;
    this.#edited(true);
  }

  /** Chooses the From number. */
  setFrom(trackingNumberId: string): void {
    this.#chosenFrom = trackingNumberId;
    this.#edited();
  }

  /** Sets the recipient as typed (new messages). */
  setTo(to: string): void {
    this.to = to;
    this.#edited(true);
  }

  #edited(typed?: boolean): void {
    if (typed) this.#touched = true;
    this.sendError = null;
    this.#changed();
  }

  #changed(): void {
    this.#saveDraft();
    this.#ask();
    this.host.requestUpdate();
  }

  /** Where drafts are kept, as the options say now. */
  get draftStorage(): DraftStorage {
    return this.#drafts() === 'session' ? 'session' : 'memory';
  }

  // A draft belongs to its thread: the fields move to the slot of the thread now shown (the inbox
  // re-uses one composer across threads, and re-creates it between views).
  #openDraft(client: ThreadlineClient, key: string): void {
    const previous = this.#draft;
    const draft = (this.#draft = { client, key });
    const stored = readDraft(client, key);
    if (!previous || previous.key === key) {
      // The first slot: what the host set before (value, `to`, `from`) wins over an older draft.
      // The same thread on another client (a new token): the text typed so far carries over.
      if (!previous && stored && !this.#touched) this.#applyDraft(stored);
      else this.#saveDraft();
    } else {
      this.#dropAttachments();
      this.sendError = null;
      this.#touched = false;
      if (stored) this.#applyDraft(stored);
      else {
        this.body = '';
        // A thread starts from its own number; a new message keeps the host's `to` and `from`.
        if (key !== NEW) this.#chosenFrom = undefined;
      }
    }
    if (this.draftStorage === 'session' && !previous) {
      // A reload: the draft comes back once the server says whose drafts these are.
      void loadSessionDrafts(client).then(() => {
        const late = readDraft(client, key);
        if (this.#draft !== draft || this.#touched || !late) return;
        this.#applyDraft(late);
        this.#changed();
      });
    }
  }

  #applyDraft(stored: Draft): void {
    this.body = stored.body;
    if (this.#draft?.key === NEW) this.to = stored.to;
    this.#chosenFrom = stored.from;
  }

  #saveDraft(): void {
    const slot = this.#draft;
    if (!slot) return;
    const to = slot.key === NEW ? this.to : '';
    this.#writeDraft(slot, this.body || to ? { body: this.body, to, from: this.#chosenFrom } : undefined);
  }

  #writeDraft(slot: { client: ThreadlineClient; key: string } | undefined, draft?: Draft): void {
    if (slot) writeDraft(slot.client, slot.key, draft, this.draftStorage);
  }

  /**
   * Empties the composer and forgets the draft of this thread (a form reset does this). A new
   * message starts again from the recipient and From number given, if any.
   */
  clearDraft(start: { to?: string; from?: string } = {}): void {
    this.#dropAttachments();
    this.body = '';
    this.to = start.to ?? '';
    this.#chosenFrom = start.from || undefined;
    this.sendError = null;
    this.#touched = false;
    this.#writeDraft(this.#draft);
    this.#ask();
    this.host.requestUpdate();
  }

  /**
   * Adds files and starts uploading them. Returns the problems with files it refused (too many,
   * too large together, unsupported type), for the view to word.
   */
  addFiles(files: Iterable<File>): Array<{ kind: 'too-many' | 'too-large' | 'type'; file: File }> {
    const client = this.client;
    const problems: Array<{ kind: 'too-many' | 'too-large' | 'type'; file: File }> = [];
    let total = this.attachments.reduce((sum, attachment) => sum + attachment.file.size, 0);
    for (const file of files) {
      const kind = !matchesType(file.type)
        ? 'type'
        : this.attachments.length >= MMS_LIMITS.maxAttachments
          ? 'too-many'
          : total + file.size > MMS_LIMITS.maxTotalBytes
            ? 'too-large'
            : null;
      if (kind) {
        problems.push({ kind, file });
        continue;
      }
      total += file.size;
      const attachment: Attachment = {
        key: `attachment-${++attachmentKeys}`,
        file,
        previewUrl: file.type.startsWith('image/') ? URL.createObjectURL(file) : null,
        progress: 0,
        media: null,
        error: null,
        abort: new AbortController(),
      };
      this.attachments = [...this.attachments, attachment];
      if (client) void this.#upload(client, attachment);
    }
    this.#edited();
    return problems;
  }

  async #upload(client: ThreadlineClient, attachment: Attachment): Promise<void> {
    try {
      attachment.media = await client.media.upload(attachment.file, {
        signal: attachment.abort.signal,
        onProgress: ({ loaded, total }) => {
          attachment.progress = total ? loaded / total : 0;
          this.host.requestUpdate();
        },
      });
      attachment.progress = 1;
    } catch (error) {
      if (attachment.abort.signal.aborted) return;
      attachment.error = asThreadlineError(error);
    }
    this.#changed();
  }

  /** Removes an attachment (cancelling its upload). */
  removeAttachment(key: string): void {
    const attachment = this.attachments.find((item) => item.key === key);
    if (!attachment) return;
    this.#dropAttachments([attachment]);
    this.attachments = this.attachments.filter((item) => item !== attachment);
    this.#changed();
  }

  // Cancels uploads and frees previews; by default of every attachment, which are then gone.
  #dropAttachments(attachments?: Attachment[]): void {
    for (const attachment of attachments ?? this.attachments) {
      attachment.abort.abort();
      if (attachment.previewUrl) URL.revokeObjectURL(attachment.previewUrl);
    }
    if (!attachments) this.attachments = [];
  }

  #input(to = this.recipient.e164): SendMessageInput | null {
    const from = this.fromId;
    if (!from || !to) return null;
    const mediaIds = this.attachments.flatMap((attachment) => (attachment.media ? [attachment.media.id] : []));
    return { from, to, body: this.body, ...(mediaIds.length ? { mediaIds } : {}) };
  }

  #currentQuote(): Quote | null {
    return this.#quoteKey === JSON.stringify(this.#input()) ? this.quote : null;
  }

  // One request, a moment after typing stops, serves two purposes. The server reads a typed
  // recipient with the quote endpoint: its answer carries the E.164 number, and a 422 on `to` when
  // the text cannot be a number it can text. And the server is the authority on refusals: the
  // quote confirms (or corrects) what the composer worked out locally, e.g. a new recipient who
  // once replied STOP. With what is written so far, one answer is both. `force` asks again for
  // the same input, when something on the server changed the answer.
  #ask(force = false): void {
    const client = this.client;
    const from = this.fromId;
    const known = this.recipient.e164;
    const to = known ?? this.to.trim();
    const reading = this.mode === 'new' && !known;
    // A body the server would refuse (too long) would hide the answer about the number.
    const quotable = this.#hasContent() && !this.uploading && this.#characters() <= MAX_BODY_CHARACTERS;
    if (!client || !from || !to || !(reading || quotable)) return clearTimeout(this.#timer);
    const input = quotable ? this.#input(to)! : { from, to, body: '' };
    const key = JSON.stringify(input);
    if (key === this.#asked && !force) return;
    this.#asked = key;
    const checkKey = this.#checkKey();
    clearTimeout(this.#timer);
    this.#abort?.abort();
    this.#timer = setTimeout(async () => {
      const abort = (this.#abort = new AbortController());
      try {
        const quote = await client.messages.quote(input, { signal: abort.signal });
        const e164 = quote.recipient.e164;
        if (abort.signal.aborted) return;
        if (reading) this.#check = { key: checkKey, e164, invalid: null };
        if (quotable && e164) {
          this.quote = quote;
          // Keyed as the composer will send it: to the number as the server read it.
          this.#quoteKey = this.#asked = JSON.stringify({ ...input, to: e164 });
        }
      } catch (error) {
        if (abort.signal.aborted) return;
        // Only a 422 on `to` says the number is wrong; anything else is asked again on the next change.
        const invalid = error instanceof ThreadlineError && error.status === 422 && error.details.field === 'to' ? error : null;
        if (reading) this.#check = { key: checkKey, e164: null, invalid };
        if (!invalid) this.#asked = '';
      }
      this.host.requestUpdate();
    }, this.#quoteDelay);
  }

  /**
   * Sends the message. In a thread it appears at once (optimistic) and the composer clears; if the
   * server refuses, the text and attachments come back and `sendError` says why. Resolves with the
   * accepted message, or null. The thread's draft is cleared by a success and kept by a refusal,
   * even when the answer comes after the user moved to another thread.
   */
  async send(): Promise<Message | null> {
    const client = this.client;
    const input = this.#input();
    if (!client || !input || !this.canSend) return null;
    const slot = this.#draft;
    const chosenFrom = this.#chosenFrom;
    const attachments = this.attachments;
    // Held here: after a move to another thread, this.#timeline is that thread's.
    const timeline = this.#timeline?.timeline;
    const stillHere = () => this.#draft === slot;
    this.sending = true;
    this.sendError = null;
    this.host.requestUpdate();
    try {
      if (timeline) {
        // Optimistic: the bubble shows now, so the composer is free for the next message.
        this.body = '';
        this.attachments = [];
        this.#saveDraft();
        this.host.requestUpdate();
        const media = attachments.flatMap((attachment) => (attachment.media ? [attachment.media] : []));
        const result = await timeline.send(input.body, { from: input.from, to: input.to, media });
        if (result.ok) {
          this.#dropAttachments(attachments);
          return result.message;
        }
        if (stillHere()) {
          this.sendError = result.error;
          // The text survives a failed send: back into the composer unless the user already typed on.
          if (this.body || this.attachments.length) return null;
          this.body = result.body;
          this.attachments = attachments;
        } else {
          // The user is in another thread now: the text waits in its own thread's draft, unless
          // there are attachments (a draft holds text only) or that draft has text already.
          if (!slot || attachments.length || readDraft(slot.client, slot.key)) return null;
          this.#writeDraft(slot, { body: result.body, to: '', from: chosenFrom });
        }
        timeline.discard(result.key);
        return null;
      }
      const message = await client.messages.send(input);
      this.#dropAttachments(attachments);
      if (stillHere()) {
        this.body = this.to = this.#quoteKey = '';
        this.attachments = [];
        this.quote = null;
      } else if (slot && readDraft(slot.client, slot.key)?.body === input.body) this.#writeDraft(slot);
      return message;
    } catch (error) {
      if (stillHere()) this.sendError = asThreadlineError(error);
      return null;
    } finally {
      this.sending = false;
      this.#changed();
    }
  }
}
