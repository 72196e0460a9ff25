// A local stand-in for Twilio's REST API, for tests that run the official `twilio` package with
// TWILIO_API_BASE_URL pointed here. It records every request the SDK makes (path, Basic auth, form
// fields), answers the way Twilio does, can be told to fail, and serves media and recordings.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveLocally, type LocalServer } from './local-http.ts';

/** One request the fake received. */
export interface RecordedRequest {
  method: string;
  path: string;
  /** Decoded Basic credentials, or null when none were sent. */
  auth: { username: string; password: string } | null;
  /** Form fields; a repeated field (MediaUrl) becomes an array. */
  form: Record<string, string | string[]>;
  headers: IncomingMessage['headers'];
}

/** An error the fake answers the next Messages.json request with, as Twilio would. */
export interface FakeFailure {
  status: number;
  code?: number;
  message?: string;
}

/** A message the fake accepted. */
export interface FakeMessage {
  sid: string;
  from: string;
  to: string;
  body: string;
  mediaUrls: string[];
  statusCallback: string | null;
}

/** Options of `TwilioFake.start`. */
export interface TwilioFakeOptions {
  accountSid?: string;
  authToken?: string;
}

const sid = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;

/** A fake Twilio REST API on 127.0.0.1 and a random port. */
export class TwilioFake {
  readonly requests: RecordedRequest[] = [];
  readonly messages: FakeMessage[] = [];
  readonly accountSid: string;
  readonly authToken: string;
  readonly #failures: FakeFailure[] = [];
  readonly #files = new Map<string, { bytes: Uint8Array; contentType: string }>();
  #server: LocalServer | null = null;

  private constructor(options: TwilioFakeOptions) {
    this.accountSid = options.accountSid ?? sid('AC');
    this.authToken = options.authToken ?? randomBytes(16).toString('hex');
  }

  /** Starts a fake on a free port. */
  static async start(options: TwilioFakeOptions = {}): Promise<TwilioFake> {
    const fake = new TwilioFake(options);
    fake.#server = await serveLocally((request, response) => fake.#handle(request, response));
    return fake;
  }

  /** The base URL to set as TWILIO_API_BASE_URL. */
  get url(): string {
    return this.#server?.url ?? '';
  }

  /** Makes the next Messages.json requests fail, one per entry, in order. */
  failNext(...failures: FakeFailure[]): void {
    this.#failures.push(...failures);
  }

  /** The Messages.json requests received so far. */
  get messageRequests(): RecordedRequest[] {
    return this.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/Messages.json'));
  }

  /**
   * Serves bytes at a Twilio-shaped media URL and returns that URL (on api.twilio.com, as a
   * webhook would carry it; the carrier rewrites the origin to this fake).
   */
  addMedia(bytes: Uint8Array, contentType: string): string {
    const path = `/2010-04-01/Accounts/${this.accountSid}/Messages/${sid('MM')}/Media/${sid('ME')}`;
    this.#files.set(path, { bytes, contentType });
    return `https://api.twilio.com${path}`;
  }

  /** Serves a recording; returns its RecordingUrl (without extension, as Twilio sends it). */
  addRecording(bytes: Uint8Array, contentType = 'audio/mpeg'): { url: string; recordingSid: string } {
    const recordingSid = sid('RE');
    const path = `/2010-04-01/Accounts/${this.accountSid}/Recordings/${recordingSid}`;
    this.#files.set(`${path}.mp3`, { bytes, contentType });
    return { url: `https://api.twilio.com${path}`, recordingSid };
  }

  /** Stops the server. */
  async close(): Promise<void> {
    await this.#server?.close();
    this.#server = null;
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const form: Record<string, string | string[]> = {};
    for (const [key, value] of new URLSearchParams(raw)) {
      const previous = form[key];
      form[key] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
    }
    const path = new URL(request.url ?? '/', 'http://fake').pathname;
    const auth = parseBasic(request.headers.authorization);
    this.requests.push({ method: request.method ?? 'GET', path, auth, form, headers: request.headers });

    const json = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (auth?.username !== this.accountSid || auth.password !== this.authToken) {
      json(401, { code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });
      return;
    }
    if (request.method === 'POST' && path === `/2010-04-01/Accounts/${this.accountSid}/Messages.json`) {
      const failure = this.#failures.shift();
      if (failure) {
        json(failure.status, {
          code: failure.code ?? null,
          message: failure.message ?? `Error ${failure.code ?? failure.status}`,
          more_info: failure.code ? `https://www.twilio.com/docs/errors/${failure.code}` : null,
          status: failure.status,
        });
        return;
      }
      const one = (key: string) => (Array.isArray(form[key]) ? form[key][0] : form[key]) ?? '';
      const mediaUrls = form.MediaUrl === undefined ? [] : ([] as string[]).concat(form.MediaUrl);
      const message: FakeMessage = {
        sid: sid(mediaUrls.length ? 'MM' : 'SM'),
        from: one('From'),
        to: one('To'),
        body: one('Body'),
        mediaUrls,
        statusCallback: one('StatusCallback') || null,
      };
      this.messages.push(message);
      const now = new Date().toUTCString();
      json(201, {
        account_sid: this.accountSid,
        api_version: '2010-04-01',
        body: message.body,
        date_created: now,
        date_updated: now,
        date_sent: null,
        direction: 'outbound-api',
        error_code: null,
        error_message: null,
        from: message.from,
        messaging_service_sid: null,
        num_media: String(mediaUrls.length),
        num_segments: '1',
        price: null,
        price_unit: 'USD',
        sid: message.sid,
        status: 'queued',
        subresource_uris: { media: `/2010-04-01/Accounts/${this.accountSid}/Messages/${message.sid}/Media.json` },
        to: message.to,
        uri: `/2010-04-01/Accounts/${this.accountSid}/Messages/${message.sid}.json`,
      });
      return;
    }
    const file = request.method === 'GET' ? this.#files.get(path) : undefined;
    if (file) {
      response.writeHead(200, { 'content-type': file.contentType, 'content-length': String(file.bytes.byteLength) });
      response.end(Buffer.from(file.bytes));
      return;
    }
    json(404, { code: 20404, message: `The requested resource ${path} was not found`, status: 404 });
  }
}

function parseBasic(header: string | undefined): { username: string; password: string } | null {
  const match = header?.match(/^Basic\s+(.+)$/i);
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
