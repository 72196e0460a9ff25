import type { ClientContext } from '../context.ts';
import { asThreadlineError, ThreadlineError } from '../errors.ts';
import { chronological, createPager, place, type PagedState } from '../pagination.ts';
import { smsSegments } from '../sms/segments.ts';
import { readonly, type ReadableStore } from '../store.ts';
import type { Call, Media, Message, SendMessageInput, TimelineItem, TrackingNumberRef } from '../types.ts';

/**
 * A timeline row: a server item, or a message being sent. `key` is stable across the optimistic
 * copy and the server's message that replaces it, so key rendered rows by it.
 */
export type TimelineEntry = TimelineItem & {
  key: string;
  /** Set only on a message this client is sending: 'sending', or 'failed' with `sendError`. */
  sendState?: 'sending' | 'failed';
  sendError?: ThreadlineError;
};

/** The state of a timeline: items oldest first; `loadNext` loads older ones. */
export type TimelineState = PagedState<TimelineEntry>;

/** Options of `timeline.send`. Both numbers default to the ones the thread used last. */
export interface TimelineSendOptions {
  /** Tracking number id or E.164 to send from. */
  from?: string;
  /** The contact's E.164. */
  to?: string;
  /** Uploaded media to attach (shown on the pending message at once). */
  media?: Media[];
}

/** How a send ended. On failure `body` is the text, so the composer can put it back. */
export type SendResult = { ok: true; message: Message } | { ok: false; error: ThreadlineError; body: string; key: string };

/** A live, paginated timeline of one thread with optimistic sending. Methods never reject. */
export interface Timeline extends ReadableStore<TimelineState> {
  readonly threadId: string;
  /** Loads the next page of older items. */
  loadNext(): Promise<void>;
  /** Reloads the newest page, keeping messages being sent. */
  refresh(): Promise<void>;
  /** Shows the message at once, sends it, and reconciles with the server's copy without duplicates. */
  send(body: string, options?: TimelineSendOptions): Promise<SendResult>;
  /** Sends a failed message again. */
  retry(key: string): Promise<SendResult>;
  /** Removes a failed message. */
  discard(key: string): void;
  /** Stops listening to live events. */
  destroy(): void;
}

const isPending = (entry: TimelineEntry) => entry.sendState !== undefined;

// Chronological; messages still being sent stay at the end (the server has not placed them yet).
function compareEntries(a: TimelineEntry, b: TimelineEntry): number {
  if (isPending(a) !== isPending(b)) return isPending(a) ? 1 : -1;
  return isPending(a) ? 0 : chronological(a.occurredAt, a.id, b.occurredAt, b.id);
}

const placeEntry = (items: TimelineEntry[], entry: TimelineEntry) => place(items, entry, compareEntries, (item) => item.key === entry.key);

const asEntry = (item: TimelineItem, key = item.id): TimelineEntry => ({ ...item, key });

/**
 * Merges a server item: a newer copy replaces an older one (never the reverse, so a late event
 * cannot roll a status back), and the message this client is sending replaces its pending copy,
 * keeping the pending copy's key.
 */
function merge(items: TimelineEntry[], item: TimelineItem, pendingKey?: string): TimelineEntry[] {
  const existing = items.find((entry) => !isPending(entry) && entry.id === item.id);
  // Without a key (a live event), the event can beat the send's own response: match it by its text.
  const pending =
    pendingKey !== undefined
      ? items.find((entry) => isPending(entry) && entry.key === pendingKey)
      : !existing && item.kind === 'message' && item.direction === 'outbound'
        ? items.find((entry) => entry.sendState === 'sending' && entry.kind === 'message' && entry.body.trim() === item.body.trim())
        : undefined;
  const rest = pending ? items.filter((entry) => entry !== pending) : items;
  if (existing && Date.parse(item.updatedAt) < Date.parse(existing.updatedAt)) return rest;
  return placeEntry(rest, asEntry(item, existing?.key ?? pending?.key ?? item.id));
}

const mergeAll = (items: TimelineEntry[], page: TimelineItem[]) => page.reduce((list, item) => merge(list, item), items);

let localIds = 0;

/**
 * Creates the live timeline of a thread and loads its newest page.
 * @example
 * const timeline = client.timeline(threadId);
 * timeline.subscribe(({ items }) => render(items));
 * const result = await timeline.send('On my way');
 * if (!result.ok) composer.value = result.body;
 */
export function createTimeline(context: ClientContext, threadId: string, defaults: { to?: string } = {}): Timeline {
  const inputs = new Map<string, SendMessageInput>();
  const path = `/v1/threads/${encodeURIComponent(threadId)}/timeline`;
  const pager = createPager<TimelineEntry, TimelineItem>(
    (cursor) => context.http.request('GET', path, { query: { cursor } }),
    (state, page) => {
      // Keys survive a refresh (no re-rendered rows), and messages being sent stay.
      const keys = new Map(state.items.map((entry) => [entry.id, entry.key]));
      const items = [...page].reverse().map((item) => asEntry(item, keys.get(item.id)));
      // Live events that arrived while the page was read are newer than it: a newer copy of one
      // of its items (a delivery report), or an item newer than all of them (a text).
      const newest = items.at(-1);
      const inPage = new Set(items.map((entry) => entry.id));
      const live = state.items.filter((entry) => !isPending(entry) && (inPage.has(entry.id) || !newest || compareEntries(entry, newest) > 0));
      return [...mergeAll(items, live), ...state.items.filter(isPending)];
    },
    mergeAll,
  );
  const { store } = pager;
  const update = (change: (items: TimelineEntry[]) => TimelineEntry[]) =>
    store.set((state) => ({ ...state, items: change(state.items) }));

  // After a reconnect: merge the newest page; if it does not reach what we have, start over from it.
  const catchUp = () =>
    pager.load(undefined, (page) => {
      const known = new Set(store.get().items.map((entry) => entry.id));
      if (page.nextCursor && !page.items.some((item) => known.has(item.id))) return void pager.refresh();
      update((items) => mergeAll(items, page.items));
    });

  const onItem = (item: Message | Call) => {
    if (item.threadId === threadId) update((items) => merge(items, item));
  };
  const unsubscribers = [
    ...(['message.created', 'message.updated', 'call.created', 'call.updated'] as const).map((type) => context.on(type, onItem)),
    context.on('connection.recovered', () => void catchUp()),
  ];

  function trackingNumberRef(from: string): TrackingNumberRef {
    const known = store.get().items.find((entry) => entry.trackingNumber.id === from || entry.trackingNumber.e164 === from);
    const e164 = from.startsWith('+') ? from : '';
    return known?.trackingNumber ?? { id: from, e164, display: e164, friendlyName: '' };
  }

  // The server formats numbers for display; until it answers, a pending message reuses its words.
  function displayOf(number: string): string {
    for (const entry of store.get().items) {
      if (entry.from === number) return entry.fromDisplay;
      if (entry.to === number) return entry.toDisplay;
    }
    return number;
  }

  async function deliver(key: string, input: SendMessageInput): Promise<SendResult> {
    try {
      const message = await context.http.request<Message>('POST', '/v1/messages', { body: input });
      inputs.delete(key);
      update((items) => merge(items, message, key));
      return { ok: true, message };
    } catch (cause) {
      const error = asThreadlineError(cause);
      update((items) => items.map((entry) => (entry.key === key && isPending(entry) ? { ...entry, sendState: 'failed', sendError: error } : entry)));
      return { ok: false, error, body: input.body, key };
    }
  }

  async function send(body: string, options: TimelineSendOptions = {}): Promise<SendResult> {
    const latest = store.get().items.findLast((entry) => !isPending(entry));
    const from = options.from ?? latest?.trackingNumber.id;
    const to = options.to ?? defaults.to ?? (latest && (latest.direction === 'inbound' ? latest.from : latest.to));
    const key = `local-${++localIds}`;
    if (!from || !to) {
      const error = new ThreadlineError(0, 'invalid_request', 'Say which number to send from and to: this thread has no items yet');
      return { ok: false, error, body, key };
    }
    const media = options.media ?? [];
    const input: SendMessageInput = { from, to, body, ...(media.length > 0 && { mediaIds: media.map((item) => item.id) }) };
    const trackingNumber = trackingNumberRef(from);
    const now = new Date().toISOString();
    const { encoding, segments } = smsSegments(body);
    const pending: TimelineEntry = {
      kind: 'message',
      id: key,
      key,
      threadId,
      direction: 'outbound',
      trackingNumber,
      from: trackingNumber.e164,
      fromDisplay: trackingNumber.display,
      to,
      toDisplay: displayOf(to),
      body,
      encoding,
      segments,
      status: 'queued',
      errorCode: null,
      errorMessage: null,
      cost: 0,
      media,
      senderUserId: null,
      occurredAt: now,
      updatedAt: now,
      sendState: 'sending',
    };
    inputs.set(key, input);
    update((items) => [...items, pending]);
    return deliver(key, input);
  }

  async function retry(key: string): Promise<SendResult> {
    const input = inputs.get(key);
    const entry = store.get().items.find((item) => item.key === key);
    if (!input || entry?.sendState !== 'failed') {
      return { ok: false, error: new ThreadlineError(0, 'not_found', 'No failed message with this key'), body: input?.body ?? '', key };
    }
    const { sendError: _previous, ...rest } = entry;
    update((items) => placeEntry(items, { ...rest, sendState: 'sending' } as TimelineEntry));
    return deliver(key, input);
  }

  void pager.refresh();
  return {
    ...readonly(store),
    threadId,
    loadNext: pager.loadNext,
    refresh: pager.refresh,
    send,
    retry,
    discard(key) {
      inputs.delete(key);
      update((items) => items.filter((item) => item.key !== key || item.sendState !== 'failed'));
    },
    destroy() {
      pager.stop();
      for (const unsubscribe of unsubscribers) unsubscribe();
    },
  };
}
