// Unsent composer drafts, kept per client and per thread (or the new message), so a composer that
// moves to another thread, or is re-created (the inbox renders a fresh one per view), finds the
// text where the user left it. A client speaks for one business and one user, so drafts held by
// client never cross tenants. Memory by default: message bodies can be private, so nothing is
// written to the browser's storage unless the host opts in, and then only to sessionStorage
// (the tab's own, gone when it closes), never localStorage.
import type { ThreadlineClient } from '@threadline/sdk';

/** Where unsent drafts are kept: `memory` (default; as long as the client lives) or also `session` (the tab's sessionStorage). */
export type DraftStorage = 'memory' | 'session';

/** What a composer keeps for one thread, or for the new message, while the user is elsewhere. */
export interface Draft {
  body: string;
  /** The recipient as typed (new message only; empty in a thread). */
  to: string;
  /** The From number the user chose, if they chose one. */
  from: string | undefined;
}

/** The draft slot of a thread, or of the new message when there is no thread. */
export function draftKey(threadId: string | undefined): string {
  return threadId ? `thread:${threadId}` : 'new';
}

interface ClientDrafts {
  drafts: Map<string, Draft>;
  /** The sessionStorage key prefix (business + user), once `me()` answered; null if storage is unusable. */
  session: Promise<string | null> | undefined;
}

const registry = new WeakMap<ThreadlineClient, ClientDrafts>();

function draftsOf(client: ThreadlineClient): ClientDrafts {
  let entry = registry.get(client);
  if (!entry) registry.set(client, (entry = { drafts: new Map(), session: undefined }));
  return entry;
}

function isDraft(value: unknown): value is Draft {
  const draft = value as Draft | null;
  return typeof draft?.body === 'string' && typeof draft.to === 'string' && (draft.from === undefined || typeof draft.from === 'string');
}

/**
 * Loads this client's drafts from sessionStorage once (keyed by business and user, from `me()`),
 * without overwriting any draft already typed in this page. Resolves with the key prefix, or null
 * when storage cannot be used.
 */
export function loadSessionDrafts(client: ThreadlineClient): Promise<string | null> {
  const entry = draftsOf(client);
  entry.session ??= client.me().then(
    ({ businessId, userId }) => {
      const prefix = `threadline:draft:${businessId}:${userId}:`;
      let storage: Storage;
      try {
        // Throws in sandboxed frames and with storage disabled: drafts then stay in memory.
        storage = sessionStorage;
      } catch {
        return null;
      }
      for (let index = 0; index < storage.length; index++) {
        const name = storage.key(index)!;
        const key = name.slice(prefix.length);
        if (!name.startsWith(prefix) || entry.drafts.has(key)) continue;
        try {
          const value: unknown = JSON.parse(storage.getItem(name)!);
          if (isDraft(value)) entry.drafts.set(key, value);
        } catch {
          // Damaged: leave it.
        }
      }
      return prefix;
    },
    // Without knowing whose drafts these are, none is read or written.
    () => null,
  );
  return entry.session;
}

/** The draft kept for a slot, if any. */
export function readDraft(client: ThreadlineClient, key: string): Draft | undefined {
  return draftsOf(client).drafts.get(key);
}

/** Keeps (or, with undefined, forgets) the draft of a slot; with `session`, in sessionStorage too. */
export function writeDraft(client: ThreadlineClient, key: string, draft: Draft | undefined, storage: DraftStorage = 'memory'): void {
  const entry = draftsOf(client);
  if (draft) entry.drafts.set(key, { ...draft });
  else entry.drafts.delete(key);
  // A forgotten draft is removed from storage even by a memory-only composer, so a sent message's
  // text never comes back from an earlier session.
  if (storage !== 'session' && !entry.session) return;
  void loadSessionDrafts(client).then((prefix) => {
    // A prefix means sessionStorage could be read.
    if (!prefix) return;
    // Written as it is when storage is ready, so writes made before `me()` answered are not lost.
    const current = entry.drafts.get(key);
    try {
      if (!current) sessionStorage.removeItem(prefix + key);
      else if (storage === 'session') sessionStorage.setItem(prefix + key, JSON.stringify(current));
    } catch {
      // Quota or privacy mode: the draft still lives in memory.
    }
  });
}
