import { HTTPException } from 'hono/http-exception';
import { cors } from 'hono/cors';
import { ApiError } from './errors.ts';
import { createRouter } from './routes/router.ts';
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
    .get('/healthz', (c) => c.json({ ok: true }));

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
