// Test helpers for the widgets' browser tests: the real server's address, tokens and fixture ids
// (served by the test runner), a client per business, and ways to make things happen on the server
// as a phone or a carrier would (inbound texts and calls through the dev endpoints).
import { createClient, type Call, type Message, type ThreadlineClient } from '@threadline/sdk';

/** What scripts/test-server.ts created. */
export interface Fixtures {
  baseUrl: string;
  acme: {
    businessId: string;
    ownerToken: string;
    viewerToken: string;
    numbers: Record<'tampa' | 'billboard' | 'tollFree' | 'fax' | 'toronto', string>;
    numberE164: Record<'tampa' | 'billboard' | 'tollFree' | 'fax' | 'toronto', string>;
    callFlows: Record<'main' | 'spanish', string>;
    longThread: { id: string; contact: string; size: number };
    /** Sends to a number ending in this are refused by the carrier as spam (30007). */
    spamFilteredSuffix: string;
  };
  /** A long list only the thread-list tests write to. */
  directory: {
    businessId: string;
    ownerToken: string;
    numbers: Record<'clearwater' | 'ottawa', string>;
    callFlows: Record<'north' | 'south', string>;
    listSize: number;
  };
  brandless: {
    businessId: string;
    ownerToken: string;
    numbers: Record<'downtown' | 'montreal', string>;
    numberE164: Record<'downtown' | 'montreal', string>;
  };
  /** Two cents until a test tops it up with `topUp`: only the composer's live-balance test uses it. */
  topUp: { businessId: string; ownerToken: string; numbers: { laval: string }; path: string };
  quiet: { businessId: string; ownerToken: string; numbers: { vancouver: string } };
  /** One thread, nothing more. */
  solo: { businessId: string; ownerToken: string };
}

let loaded: Promise<Fixtures> | undefined;

/** The fixtures of this test run. */
export function fixtures(): Promise<Fixtures> {
  // no-store: every page must ask, since each is handed its own server address.
  loaded ??= fetch('/__threadline__/fixtures.json', { cache: 'no-store' }).then((response) => response.json() as Promise<Fixtures>);
  return loaded;
}

const clients: ThreadlineClient[] = [];

/** A client for a token; closed by `closeClients` after each test. */
export function clientFor(baseUrl: string, token: string): ThreadlineClient {
  const client = createClient({ baseUrl, token });
  clients.push(client);
  return client;
}

/** Closes the live streams the test opened. */
export function closeClients(): void {
  for (const client of clients.splice(0)) client.close();
}

let counter = Math.floor(Math.random() * 9000);

/** A contact number no other test uses (test files run in parallel against one server). */
export function uniqueContact(): string {
  counter = (counter + 1) % 10_000;
  // Numbers ending in 0007 are the carrier fake's spam-filtered recipients: never by accident.
  if (counter === 7) counter++;
  const exchange = 200 + Math.floor(Math.random() * 700);
  return `+1239${exchange}${String(counter).padStart(4, '0')}`;
}

/** A fresh contact number whose sends the carrier refuses as spam (30007). */
export function spamFilteredContact(): string {
  const exchange = 200 + Math.floor(Math.random() * 700);
  return `+1941${exchange}0007`;
}

async function post<T>(baseUrl: string, token: string, path: string, body: unknown): Promise<T> {
  const response = await fetch(baseUrl + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return response.json() as Promise<T>;
}

/** Delivers a text to a tracking number as if a phone had sent it. */
export function inboundText(
  baseUrl: string,
  token: string,
  input: { to: string; from: string; body?: string; media?: Array<{ sample: 'image' | 'audio' | 'video' | 'file' }> },
): Promise<Message> {
  return post(baseUrl, token, '/v1/dev/inbound-sms', input);
}

/** Records a call to a tracking number with an outcome. */
export function inboundCall(
  baseUrl: string,
  token: string,
  input: { to: string; from: string; outcome: 'answered' | 'missed' | 'voicemail' | 'failed' | 'busy'; durationSeconds?: number; recording?: boolean },
): Promise<Call> {
  return post(baseUrl, token, '/v1/dev/calls', input);
}

/** Adds funds to the top-up fixture business as an operator would; its clients get `balance.updated`. */
export async function topUp(baseUrl: string, f: Fixtures, amount: number): Promise<void> {
  const query = new URLSearchParams({ businessId: f.topUp.businessId, amount: String(amount) });
  const response = await fetch(`${baseUrl}${f.topUp.path}?${query}`, { method: 'POST' });
  if (!response.ok) throw new Error(`Top-up answered ${response.status}: ${await response.text()}`);
}

/** Waits until `check` passes (returns truthy), polling; fails with `what` after `timeoutMs`. */
export async function until<T>(check: () => T | Promise<T>, what: string, timeoutMs = 8000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** Text content with runs of whitespace collapsed, for assertions on what a user reads. */
export function textOf(node: Node | null | undefined): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}
