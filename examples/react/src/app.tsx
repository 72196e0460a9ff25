import { useEffect, useMemo, useRef, useState } from 'react';
import { createClient, type Message, type Role, type Thread } from '@threadline/sdk';
import type { TlComposer, TlSendEvent, TlThreadList, TlThreadSelectEvent } from '@threadline/widgets';

/** The demo server mints a token for a role (dev only); a real app asks its own backend. */
async function demoToken(role: Role): Promise<string> {
  const response = await fetch(`/demo/token?role=${role}`);
  const body = (await response.json()) as { token?: string; error?: { message: string } };
  if (!body.token) throw new Error(body.error?.message ?? 'No token');
  return body.token;
}

/** Listens to a custom event on an element for as long as the component is mounted. */
function useElementEvent<E extends Event>(ref: React.RefObject<HTMLElement | null>, type: string, listener: (event: E) => void) {
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const handle = (event: Event) => latest.current(event as E);
    element.addEventListener(type, handle);
    return () => element.removeEventListener(type, handle);
  }, [ref, type]);
}

/**
 * A React page that owns the navigation: the selected thread lives in React state and drives the
 * widgets' props; the SDK client made here is shared with every widget through <tl-provider>, and
 * React renders its own UI (the toast) from the same client's live events.
 */
export function App() {
  const [role, setRole] = useState<Role>('manager');
  const client = useMemo(() => createClient({ baseUrl: window.location.origin, getToken: () => demoToken(role) }), [role]);
  useEffect(() => () => client.close(), [client]);

  const [thread, setThread] = useState<Thread | null>(null);
  const [toast, setToast] = useState<string | null>(null);
  const [sent, setSent] = useState(0);
  const list = useRef<TlThreadList>(null);
  const composer = useRef<TlComposer>(null);

  useElementEvent<TlThreadSelectEvent>(list, 'tl-thread-select', (event) => setThread(event.thread));
  useElementEvent<TlSendEvent>(composer, 'tl-send', () => setSent((count) => count + 1));

  useEffect(
    () =>
      client.on('message.created', (message: Message) => {
        if (message.direction !== 'inbound') return;
        setToast(`New text from ${message.fromDisplay}: ${message.body || 'an attachment'}`);
      }),
    [client],
  );
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), 5000);
    return () => clearTimeout(timer);
  }, [toast]);

  const title = thread ? thread.contact.name || thread.contact.display : 'Pick a conversation';

  return (
    <tl-provider client={client}>
      <header className="bar">
        <h1>
          Threadline <span>in a React app</span>
        </h1>
        <label>
          Role{' '}
          <select value={role} onChange={(event) => setRole(event.target.value as Role)} aria-label="Role">
            <option value="owner">Owner</option>
            <option value="manager">Manager</option>
            <option value="viewer">Viewer</option>
          </select>
        </label>
        <span className="count" data-testid="sent-count">
          Sent from this page: {sent}
        </span>
        <nav>
          <a href="/">The demo inbox</a>
          <a href="/examples">Plain HTML</a>
        </nav>
      </header>
      <main className="layout">
        <tl-thread-list ref={list} selectedThreadId={thread?.id}></tl-thread-list>
        <section className="conversation" aria-label={title}>
          <h2>{title}</h2>
          <tl-timeline threadId={thread?.id} thread={thread ?? undefined}></tl-timeline>
          {/* Without a thread the composer would write a new message; here it only replies. */}
          <tl-composer ref={composer} threadId={thread?.id} thread={thread ?? undefined} hidden={!thread}></tl-composer>
        </section>
      </main>
      {toast && (
        <div className="toast" role="status">
          {toast}
        </div>
      )}
    </tl-provider>
  );
}
