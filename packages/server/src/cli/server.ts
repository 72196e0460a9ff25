import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from '../app.ts';
import type { Config } from '../config.ts';
import { closeServices, createServices } from '../create-services.ts';
import { migrate } from '../db/migrate.ts';
import { startSetupPoller } from '../domain/compliance/poller.ts';
import type { Services } from '../services.ts';

/** A running HTTP server and how to stop it. */
export interface RunningServer {
  url: string;
  services: Services;
  /** Stops accepting requests, ends open event streams, then closes the database and carrier. */
  close(): Promise<void>;
}

/**
 * Applies pending migrations, opens the services and serves the app on `config.port` (0 picks a
 * free port). Returns once the server is listening.
 */
export async function startServer(config: Config, log: (line: string) => void): Promise<RunningServer> {
  const { applied } = await migrate(config.databaseUrl);
  if (applied.length) log(`Applied migrations: ${applied.join(', ')}`);
  const services = await createServices(config);
  // Messaging-setup reviews (10DLC, toll-free) advance only through this poller. One per
  // deployment: two pollers could each hand the same new item to Twilio.
  const setupPoller = config.setupPoller ? await startSetupPoller(services) : null;
  const app = createApp(services);
  const server = await new Promise<ServerType>((resolve) => {
    const listening = serve({ fetch: app.fetch, port: config.port }, () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;
  // Media and recording links are built from publicUrl: without an explicit PUBLIC_URL they must
  // name the port actually listened on (--port, or a free port for 0), not the configured default.
  if (!config.publicUrlExplicit) services.config.publicUrl = url;
  let closing: Promise<void> | null = null;
  return {
    url,
    services,
    close: () =>
      (closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Event streams never end on their own; cut them so close() can finish.
          if ('closeAllConnections' in server) server.closeAllConnections();
        });
        await setupPoller?.stop();
        await closeServices(services);
      })()),
  };
}

/** Resolves on the first SIGINT or SIGTERM. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
