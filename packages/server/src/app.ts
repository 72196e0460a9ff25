import { HTTPException } from 'hono/http-exception';
import { cors } from 'hono/cors';
import { ApiError } from './errors.ts';
import { createRouter } from './routes/router.ts';
import { callFlowRoutes } from './routes/call-flows/index.ts';
import { contactRoutes } from './routes/contacts/index.ts';
import { registerDocs } from './routes/docs/index.ts';
import { embedTokenRoutes } from './routes/embed-tokens/index.ts';
import { eventRoutes } from './routes/events/index.ts';
import { meRoutes } from './routes/me/index.ts';
import { numberRoutes } from './routes/numbers/index.ts';
import { threadRoutes } from './routes/threads/index.ts';
import { timelineRoutes } from './routes/timeline/index.ts';
import { billingRoutes } from './routes/billing/index.ts';
import { devRoutes } from './routes/dev/index.ts';
import { demoRoutes } from './routes/demo/index.ts';
import { mediaRoutes } from './routes/media/index.ts';
import { publicMediaRoutes } from './routes/media/public.ts';
import { messageRoutes } from './routes/messages/index.ts';
import { messagingSetupRoutes } from './routes/messaging-setup/index.ts';
import { webhookRoutes } from './routes/webhooks/index.ts';
import type { Services } from './services.ts';

/**
 * The whole HTTP surface. Routes are chained so `AppType` describes every endpoint.
 * @example
 * const app = createApp(await createServices(loadConfig()));
 * const response = await app.request('/v1/threads', { headers: { authorization: `Bearer ${token}` } });
 */
export function createApp(services: Services) {
  const app = createRouter()
    .use('/v1/*', cors({ origin: (origin) => origin, allowHeaders: ['authorization', 'content-type', 'last-event-id'], exposeHeaders: ['retry-after'], maxAge: 600 }))
    .get('/healthz', (c) => c.json({ ok: true }))
    .route('/', meRoutes(services))
    .route('/', embedTokenRoutes(services))
    .route('/', threadRoutes(services))
    .route('/', timelineRoutes(services))
    .route('/', contactRoutes(services))
    .route('/', numberRoutes(services))
    .route('/', callFlowRoutes(services))
    .route('/', eventRoutes(services))
    .route('/', messageRoutes(services))
    .route('/', mediaRoutes(services))
    .route('/', billingRoutes(services))
    .route('/', messagingSetupRoutes(services))
    .route('/', devRoutes(services))
    // Public, outside /v1 auth: capability URLs and Twilio's signed webhooks.
    .route('/', publicMediaRoutes(services))
    .route('/', webhookRoutes(services))
    // The demo pages (`/`, `/examples`), dev endpoints only.
    .route('/', demoRoutes(services));

  // Last, so the reference lists every route above.
  registerDocs(app, services);
  app.notFound((c) => c.json(new ApiError(404, 'not_found', `No route for ${c.req.method} ${c.req.path}`).toBody(), 404));
  app.onError((error, c) => {
    if (error instanceof ApiError) return c.json(error.toBody(), error.status);
    if (error instanceof HTTPException) {
      // Hono raises these for malformed bodies (bad JSON, bad multipart): the caller's mistake.
      const status = error.status >= 500 ? 500 : error.status === 400 ? 422 : error.status;
      const code = status === 422 ? 'invalid_request' : status === 413 ? 'payload_too_large' : 'bad_request';
      return c.json(new ApiError(status, code, error.message || 'Bad request', { field: 'body' }).toBody(), status);
    }
    console.error('Unhandled error', c.req.method, c.req.path, error);
    return c.json({ error: { code: 'internal', message: 'Something went wrong on our side; it has been logged.' } }, 500);
  });
  return app;
}

/** The type of the whole route tree, for typed clients. */
export type AppType = ReturnType<typeof createApp>;
