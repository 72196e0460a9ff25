import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from '../app.ts';
import type { Config } from '../config.ts';
import { closeServices, createServices } from '../create-services.ts';
import { migrate } from '../db/migrate.ts';
import { startSetupPoller, type SetupPoller } from '../domain/compliance/poller.ts';
import type { Services } from '../services.ts';

/** A running HTTP server and how to stop it. */
export interface RunningServer {
  url: string;
  services: Services;
  /** Stops accepting requests, ends open event streams, then closes the database and carrier. */
  close(): Promise<void>;
}

/**
 * Applies pending migrations, binds `config.port` (0 picks a free port), then opens the services
 * and serves the app. Returns once the server is listening and ready.
 *
 * Media, recording and webhook callback links are built from `publicUrl`: without an explicit
 * PUBLIC_URL they must name the port actually listened on (--port, or the free port for 0), so the
 * port is bound first and the services are created from a config that already says so. Requests
 * that arrive in between wait for the app.
 */
export async function startServer(config: Config, log: (line: string) => void): Promise<RunningServer> {
  const { applied } = await migrate(config.databaseUrl);
  if (applied.length) log(`Applied migrations: ${applied.join(', ')}`);
  let ready!: (app: ReturnType<typeof createApp>) => void;
  const appReady = new Promise<ReturnType<typeof createApp>>((resolve) => (ready = resolve));
  const server = await new Promise<ServerType>((resolve, reject) => {
    const listening = serve({ fetch: async (request, env) => (await appReady).fetch(request, env), port: config.port }, () => {
      listening.off('error', reject);
      resolve(listening);
    });
    listening.once('error', reject); // the port is taken, or not ours to bind
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Event streams never end on their own; cut them so close() can finish.
      if ('closeAllConnections' in server) server.closeAllConnections();
    });
  let services: Services;
  let setupPoller: SetupPoller | null;
  try {
    services = await createServices(config.publicUrlExplicit ? config : { ...config, publicUrl: url });
  } catch (error) {
    await stop();
    throw error;
  }
  try {
    // Messaging-setup reviews (10DLC, toll-free) advance only through this poller. One per
    // deployment: two pollers could each hand the same new item to Twilio.
    setupPoller = config.setupPoller ? await startSetupPoller(services) : null;
  } catch (error) {
    await stop();
    await closeServices(services);
    throw error;
  }
  ready(createApp(services));
  let closing: Promise<void> | null = null;
  return {
    url,
    services,
    close: () =>
      (closing ??= (async () => {
        await stop();
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
