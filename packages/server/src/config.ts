import { z } from 'zod';

/** Default rates in cents, overridable per business and by environment. */
export interface Rates {
  smsOutbound: number;
  smsInbound: number;
  mmsOutbound: number;
  mmsInbound: number;
}

/** Everything the server reads from its environment, parsed once. */
export interface Config {
  port: number;
  databaseUrl: string;
  publicUrl: string;
  /** False when publicUrl is only the default (localhost and the port), so it follows the port the server gets. */
  publicUrlExplicit: boolean;
  carrier: 'simulator' | 'twilio';
  twilioAccountSid: string | undefined;
  twilioAuthToken: string | undefined;
  /** Where Twilio's SDK sends requests; only tests point this at a local fake. */
  twilioApiBaseUrl: string | undefined;
  secret: string;
  rates: Rates;
  mediaDir: string;
  /** Simulator: share of sends (0..1) that fail with a realistic carrier error. */
  simulatorFailureRate: number;
  /** Simulator: milliseconds between status steps (queued, sent, delivered). */
  simulatorStepMs: number;
  /** Simulator: milliseconds before a messaging-setup review (brand, campaign, toll-free, assignment) advances. */
  setupSimulatorDelayMs: number;
  /** How often the server checks pending messaging-setup items with the carrier. */
  setupPollIntervalMs: number;
  /** The ISV's own (primary) Trust Hub customer profile, which each business's profile is attached to. */
  twilioPrimaryCustomerProfileSid: string | undefined;
  /** Dev-only endpoints (inject inbound texts and calls). On for the simulator carrier. */
  devEndpoints: boolean;
  /** Whether this process runs the messaging-setup poller (turn off on all but one process). */
  setupPoller: boolean;
  /**
   * Longest time an accepted inbound text waits to be filed while webhooks keep arriving (default
   * 1000 ms). Longer lets a burst be accepted at the full webhook rate and filed after it.
   */
  inboxFoldMaxDelayMs: number;
  /**
   * Inbound webhooks a second above which filing waits for the surge to pause, up to 30 s, so
   * acceptance keeps Twilio's pace (default 2000; raise it on a machine with more cores).
   */
  inboxSurgeRate: number;
}

const cents = z.coerce.number().int().min(0);

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  DATABASE_URL: z.string().optional(),
  PUBLIC_URL: z.string().url().optional(),
  CARRIER: z.enum(['simulator', 'twilio']).optional(),
  TWILIO_ACCOUNT_SID: z.string().optional(),
  TWILIO_AUTH_TOKEN: z.string().optional(),
  TWILIO_API_BASE_URL: z.string().url().optional(),
  THREADLINE_SECRET: z.string().min(16, 'THREADLINE_SECRET must be at least 16 characters').optional(),
  RATE_SMS_OUTBOUND: cents.default(1),
  RATE_SMS_INBOUND: cents.default(1),
  RATE_MMS_OUTBOUND: cents.default(3),
  RATE_MMS_INBOUND: cents.default(2),
  MEDIA_DIR: z.string().default('./data/media'),
  SIMULATOR_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0.05),
  SIMULATOR_STEP_MS: z.coerce.number().int().min(0).default(800),
  SETUP_SIMULATOR_DELAY_MS: z.coerce.number().int().min(0).default(4000),
  SETUP_POLL_INTERVAL_MS: z.coerce.number().int().min(5).optional(),
  TWILIO_PRIMARY_CUSTOMER_PROFILE_SID: z.string().regex(/^BU[0-9a-f]{32}$/, 'must be a Trust Hub bundle sid (BU...)').optional(),
  DEV_ENDPOINTS: z.enum(['0', '1', 'true', 'false']).optional(),
  SETUP_POLLER: z.enum(['0', '1', 'true', 'false']).default('1'),
  INBOX_FOLD_MAX_DELAY_MS: z.coerce.number().int().min(0).default(1000),
  INBOX_SURGE_RATE: z.coerce.number().int().min(1).default(2000),
});

/** The SQLite file used when DATABASE_URL is unset. */
export const DEFAULT_DATABASE_URL = 'file:./data/threadline.db';

/** A development-only secret: fine for the demo on one machine, refused when the Twilio carrier is on. */
const DEMO_SECRET = 'threadline-demo-secret-change-me';

/**
 * Reads the configuration from an environment (process.env by default).
 * Throws a readable error naming the variable when a value is malformed.
 */
export function loadConfig(environment: Record<string, string | undefined> = process.env): Config {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const env = parsed.data;
  const hasTwilioCredentials = Boolean(env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN);
  const carrier = env.CARRIER ?? (hasTwilioCredentials ? 'twilio' : 'simulator');
  if (carrier === 'twilio' && !hasTwilioCredentials) {
    throw new Error('Invalid configuration:\n  CARRIER=twilio needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN');
  }
  if (carrier === 'twilio' && !env.THREADLINE_SECRET) {
    throw new Error('Invalid configuration:\n  THREADLINE_SECRET must be set when the Twilio carrier is used');
  }
  const port = env.PORT;
  return {
    port,
    databaseUrl: env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    publicUrlExplicit: env.PUBLIC_URL !== undefined,
    carrier,
    twilioAccountSid: env.TWILIO_ACCOUNT_SID,
    twilioAuthToken: env.TWILIO_AUTH_TOKEN,
    twilioApiBaseUrl: env.TWILIO_API_BASE_URL,
    secret: env.THREADLINE_SECRET ?? DEMO_SECRET,
    rates: {
      smsOutbound: env.RATE_SMS_OUTBOUND,
      smsInbound: env.RATE_SMS_INBOUND,
      mmsOutbound: env.RATE_MMS_OUTBOUND,
      mmsInbound: env.RATE_MMS_INBOUND,
    },
    mediaDir: env.MEDIA_DIR,
    simulatorFailureRate: env.SIMULATOR_FAILURE_RATE,
    simulatorStepMs: env.SIMULATOR_STEP_MS,
    setupSimulatorDelayMs: env.SETUP_SIMULATOR_DELAY_MS,
    // Twilio reviews take hours to days, so a minute is plenty; the simulator needs to feel live.
    setupPollIntervalMs: env.SETUP_POLL_INTERVAL_MS ?? (carrier === 'twilio' ? 60_000 : 1_000),
    twilioPrimaryCustomerProfileSid: env.TWILIO_PRIMARY_CUSTOMER_PROFILE_SID,
    devEndpoints: env.DEV_ENDPOINTS ? env.DEV_ENDPOINTS === '1' || env.DEV_ENDPOINTS === 'true' : carrier === 'simulator',
    setupPoller: env.SETUP_POLLER === '1' || env.SETUP_POLLER === 'true',
    inboxFoldMaxDelayMs: env.INBOX_FOLD_MAX_DELAY_MS,
    inboxSurgeRate: env.INBOX_SURGE_RATE,
  };
}
