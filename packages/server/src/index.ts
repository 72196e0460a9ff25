// @threadline/server as a library: build the app into your own Node process instead of running the
// `threadline serve` CLI.
//   const config = loadConfig();
//   await migrate(config.databaseUrl);
//   const services = await createServices(config);
//   serve({ fetch: createApp(services).fetch, port: config.port });
export { createApp, type AppType } from './app.ts';
export { loadConfig, type Config } from './config.ts';
export { createServices, closeServices } from './create-services.ts';
export { migrate } from './db/migrate.ts';
export { seedDemo, DEMO_BUSINESS_NAME } from './domain/demo/seed.ts';
export { ApiError } from './errors.ts';
export type { Services } from './services.ts';
