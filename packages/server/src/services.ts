import type { Config } from './config.ts';
import type { Db } from './db/client.ts';
import type { EventBus } from './domain/events/index.ts';
import type { Carrier } from './carrier/index.ts';
import type { Role } from '@threadline/sdk';
import type { Inbox } from './domain/messaging/inbox.ts';

/** What every route and domain function may use; built once by `createServices`. */
export interface Services {
  config: Config;
  db: Db;
  bus: EventBus;
  carrier: Carrier;
  /** The outbox worker, when running: `kick` wakes it as soon as a send is accepted. */
  outbox?: { kick(): void };
  /** Where the messaging webhook appends accepted inbound texts; a worker folds them into threads. */
  inbox: Inbox;
}

/** Who is calling, from a verified embed token. Every query is scoped to `businessId`. */
export interface EmbedAuth {
  businessId: string;
  userId: string;
  role: Role;
}

/** Who is calling, from a verified API key: an agency key manages its businesses, a business key its own. */
export interface ApiKeyAuth {
  apiKeyId: string;
  agencyId: string | null;
  businessId: string | null;
}

/** Hono context variables set by the auth middleware. */
export interface AppEnv {
  Variables: {
    auth: EmbedAuth;
    apiKey: ApiKeyAuth;
  };
}
