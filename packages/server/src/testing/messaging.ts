// Test helpers for the messaging half: a migrated database with a seeded business, the real app on
// it (simulator or the real `twilio` package against TwilioFake), signed webhook posts and polling.
import { createHmac } from 'node:crypto';
import type { Role } from '@threadline/sdk';
import { createApp } from '../app.ts';
import type { Config } from '../config.ts';
import { closeServices, createServices, type CreateServicesOptions } from '../create-services.ts';
import type { Services } from '../services.ts';
import { createTestDatabase, seedBusiness, testConfig, tokenFor, type TestDatabase } from './harness.ts';
import { TwilioFake } from './twilio-fake.ts';

/**
 * Twilio's request signature, computed here from its documented algorithm (not with the twilio
 * package): the full URL, then each POST field name and value sorted by name, HMAC-SHA1 with the
 * auth token, base64.
 */
export function twilioSignatureOf(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((text, key) => text + key + params[key], url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

/** Polls `probe` until it returns something truthy, or fails after `timeoutMs`. */
export async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 8000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Options of `startMessagingTest`. */
export interface MessagingTestOptions {
  /** Use the Twilio carrier against a TwilioFake (also sets the auth token webhooks verify). */
  twilio?: boolean;
  /** Opening balance of the seeded business in cents (default 1000). */
  balance?: number;
  config?: Partial<Config>;
  services?: CreateServicesOptions;
  /** Reuse a database (restart tests). */
  database?: TestDatabase;
}

/** A running app on a fresh database. */
export interface MessagingTest {
  database: TestDatabase;
  config: Config;
  services: Services;
  app: ReturnType<typeof createApp>;
  seed: Awaited<ReturnType<typeof seedBusiness>>;
  fake: TwilioFake | null;
  /** An embed token for the seeded business. */
  token(role?: Role): Promise<string>;
  /** A JSON request with the seeded business's token. */
  request(method: string, path: string, body?: unknown, role?: Role): Promise<Response>;
  /** A signed (or deliberately mis-signed) Twilio webhook post. */
  webhook(path: string, params: Record<string, string>, options?: { signature?: string | null; query?: string }): Promise<Response>;
  /** Closes the services and the fake, and drops the database. */
  close(): Promise<void>;
}

/** Starts the real app on a fresh migrated database with one seeded business. */
export async function startMessagingTest(options: MessagingTestOptions = {}): Promise<MessagingTest> {
  const database = options.database ?? (await createTestDatabase());
  const fake = options.twilio ? await TwilioFake.start() : null;
  const config = testConfig(database.url, {
    ...(fake
      ? { carrier: 'twilio' as const, twilioAccountSid: fake.accountSid, twilioAuthToken: fake.authToken, twilioApiBaseUrl: fake.url }
      : { twilioAuthToken: 'simulator-webhook-token' }),
    ...options.config,
  });
  const seed = await seedBusiness(database.url, 'Acme Plumbing', options.balance ?? 1000);
  const services = await createServices(config, { outbox: { pollMs: 50, backoffMs: 20 }, ...options.services });
  const app = createApp(services);
  const token = (role: Role = 'owner') => tokenFor(config, seed.businessId, role);
  return {
    database,
    config,
    services,
    app,
    seed,
    fake,
    token,
    async request(method, path, body, role = 'owner') {
      return app.request(path, {
        method,
        headers: { authorization: `Bearer ${await token(role)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    },
    async webhook(path, params, webhookOptions = {}) {
      const search = webhookOptions.query ? `?${webhookOptions.query}` : '';
      const signature =
        webhookOptions.signature === undefined
          ? twilioSignatureOf(config.twilioAuthToken ?? '', `${config.publicUrl}${path}${search}`, params)
          : webhookOptions.signature;
      return app.request(`${path}${search}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature === null ? {} : { 'x-twilio-signature': signature }) },
        body: new URLSearchParams(params).toString(),
      });
    },
    async close() {
      await closeServices(services);
      await fake?.close();
      if (!options.database) await database.drop();
    },
  };
}
