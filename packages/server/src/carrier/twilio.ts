// Twilio through its official SDK. Only the network edge is swappable: with TWILIO_API_BASE_URL set
// (tests, local fakes) every request the SDK makes goes to that origin instead of *.twilio.com.
import twilio from 'twilio';
import type { Config } from '../config.ts';
import { fromCarrierStatus } from '../domain/messaging/status.ts';
import { CarrierError, type Carrier, type CarrierSendResult, type OutboundMessage } from './index.ts';

import type SdkRequestClient from 'twilio/lib/base/RequestClient.js';

/** Twilio's SDK HTTP client, sending every request to another origin (a local fake in tests). */
export class RedirectingRequestClient extends twilio.RequestClient {
  readonly #base: URL;

  constructor(baseUrl: string, options?: ConstructorParameters<typeof twilio.RequestClient>[0]) {
    super(options);
    this.#base = new URL(baseUrl);
  }

  override request<TData>(opts: SdkRequestClient.RequestOptions<TData>) {
    const uri = new URL(opts.uri);
    uri.protocol = this.#base.protocol;
    uri.host = this.#base.host;
    return super.request<TData>({ ...opts, uri: uri.toString() });
  }
}

/** The largest media or recording download accepted from the carrier (recordings can exceed MMS limits). */
const MAX_DOWNLOAD_BYTES = 50 * 1024 * 1024;

/** Whether a Twilio error is worth retrying: throttling, Twilio's own trouble, or no answer at all. */
function retryableStatus(status: number | undefined): boolean {
  return status === undefined || status === 429 || status >= 500;
}

/** Turns what the SDK throws into a CarrierError with Twilio's code. */
export function toCarrierError(error: unknown): CarrierError {
  if (error instanceof CarrierError) return error;
  if (error instanceof twilio.RestException) {
    const code = error.code ? String(error.code) : `http-${error.status}`;
    return new CarrierError(code, error.message || `Twilio answered HTTP ${error.status}`, retryableStatus(error.status));
  }
  // No response at all (connection refused, timeout, DNS): transient.
  const message = error instanceof Error ? error.message : String(error);
  return new CarrierError('network', `Could not reach Twilio: ${message}`, true);
}

/** The Twilio carrier: sends through the Messages API and downloads media with the account's credentials. */
export class TwilioCarrier implements Carrier {
  readonly name = 'twilio' as const;
  readonly client: twilio.Twilio;
  readonly #accountSid: string;
  readonly #authToken: string;
  readonly #httpClient: twilio.RequestClient;
  readonly #apiBase: string | undefined;

  constructor(config: Pick<Config, 'twilioAccountSid' | 'twilioAuthToken' | 'twilioApiBaseUrl'>) {
    if (!config.twilioAccountSid || !config.twilioAuthToken) throw new Error('The Twilio carrier needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN');
    this.#accountSid = config.twilioAccountSid;
    this.#authToken = config.twilioAuthToken;
    this.#apiBase = config.twilioApiBaseUrl;
    this.#httpClient = config.twilioApiBaseUrl ? new RedirectingRequestClient(config.twilioApiBaseUrl) : new twilio.RequestClient();
    this.client = twilio(this.#accountSid, this.#authToken, { httpClient: this.#httpClient });
  }

  async sendMessage(message: OutboundMessage): Promise<CarrierSendResult> {
    try {
      const created = await this.client.messages.create({
        from: message.from,
        to: message.to,
        ...(message.body ? { body: message.body } : {}),
        ...(message.mediaUrls.length ? { mediaUrl: message.mediaUrls } : {}),
        statusCallback: message.statusCallbackUrl,
      });
      return { sid: created.sid, status: fromCarrierStatus(created.status) ?? 'sending' };
    } catch (error) {
      throw toCarrierError(error);
    }
  }

  /**
   * Downloads media or a recording. Credentials go only to Twilio's API host (or the configured
   * stand-in): a URL elsewhere is refused rather than handed the account's secret.
   */
  async fetchMedia(url: string): Promise<{ bytes: Uint8Array; contentType: string }> {
    const target = new URL(url);
    if (target.protocol !== 'https:' || target.hostname !== 'api.twilio.com') {
      throw new CarrierError('invalid-media-url', `Not a Twilio media URL: ${target.origin}`, false);
    }
    if (this.#apiBase) {
      const base = new URL(this.#apiBase);
      target.protocol = base.protocol;
      target.host = base.host;
    }
    const authorization = `Basic ${Buffer.from(`${this.#accountSid}:${this.#authToken}`).toString('base64')}`;
    let response: Response;
    try {
      // Twilio answers with a redirect to short-lived storage; fetch drops the Authorization
      // header when the redirect leaves the origin, so the secret never goes there.
      response = await fetch(target, { headers: { authorization }, signal: AbortSignal.timeout(30_000) });
    } catch (error) {
      throw toCarrierError(error);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new CarrierError(`http-${response.status}`, `Twilio media download answered HTTP ${response.status}`, retryableStatus(response.status));
    }
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > MAX_DOWNLOAD_BYTES) {
      await response.body?.cancel();
      throw new CarrierError('too-large', `Media is larger than ${MAX_DOWNLOAD_BYTES} bytes`, false);
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.byteLength > MAX_DOWNLOAD_BYTES) throw new CarrierError('too-large', `Media is larger than ${MAX_DOWNLOAD_BYTES} bytes`, false);
    return { bytes, contentType: response.headers.get('content-type') ?? 'application/octet-stream' };
  }

  async close(): Promise<void> {
    // The SDK keeps an https agent with keep-alive sockets; drop them so the process can exit.
    const agent = (this.#httpClient.axios.defaults as { httpsAgent?: { destroy(): void } }).httpsAgent;
    agent?.destroy();
  }
}
