// The demo (dev endpoints only, so never with production settings): the inbox page at `/`, the
// components one by one at `/examples`, the React example at `/examples/react/`, the widgets' ES
// bundle, and a token endpoint that signs the page in as any role of the demo business.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { DEMO_BUSINESS_NAME, DEMO_USERS } from '../../domain/demo/seed.ts';
import { mintTokenFor } from '../../domain/members/index.ts';
import { ApiError, invalid } from '../../errors.ts';
import type { AppEnv, Services } from '../../services.ts';
import { createRouter } from '../router.ts';
import { demoPage, examplesPage, reactNotBuiltPage, WIDGETS_BUNDLE_PATH } from './pages.ts';

/** Where the demo finds its built front-end files; tests point these elsewhere. */
export interface DemoRouteOptions {
  /** The widgets' `vite build` output (threadline-widgets.js). */
  widgetsDir?: string;
  /** The React example's `vite build` output. */
  reactDir?: string;
}

// Monorepo layout: the server runs from source beside the other packages.
const DEFAULT_WIDGETS_DIR = fileURLToPath(new URL('../../../../widgets/dist/', import.meta.url));
const DEFAULT_REACT_DIR = fileURLToPath(new URL('../../../../../examples/react/dist/', import.meta.url));

const RoleSchema = z.enum(['owner', 'admin', 'manager', 'viewer']);

/** The business the demo shows: the seeded one, else the oldest (a database seeded by hand). */
async function demoBusiness(services: Services) {
  const select = { id: true, name: true } as const;
  const business =
    (await services.db.business.findFirst({ where: { name: DEMO_BUSINESS_NAME }, select })) ??
    (await services.db.business.findFirst({ orderBy: { createdAt: 'asc' }, select }));
  if (!business) throw new ApiError(404, 'not_found', 'There is no business yet: run `threadline seed-demo` (or `threadline demo`) first');
  return business;
}

/** Serves files from a build folder when it exists; checked per request, so a build made later is picked up. */
function staticFrom(dir: string, stripPrefix: string, cacheControl: string): MiddlewareHandler<AppEnv> {
  let handler: MiddlewareHandler<AppEnv> | undefined;
  return async (c, next) => {
    if (!existsSync(dir)) return next();
    handler ??= serveStatic({
      root: dir,
      rewriteRequestPath: (path) => path.slice(stripPrefix.length) || '/',
      onFound: (_path, context) => context.header('Cache-Control', cacheControl),
    });
    return handler(c, next);
  };
}

/**
 * The demo's pages and helpers; an empty router unless `config.devEndpoints` is on (the simulator's
 * default), because `/demo/token` signs anyone in as any role of the demo business.
 */
export function demoRoutes(services: Services, options: DemoRouteOptions = {}) {
  const router = createRouter();
  if (!services.config.devEndpoints) return router;
  const widgetsDir = options.widgetsDir ?? DEFAULT_WIDGETS_DIR;
  const reactDir = options.reactDir ?? DEFAULT_REACT_DIR;
  // Rebuilt by the developer at any time: revalidate rather than cache.
  const noCache = 'no-cache';

  return router
    .get('/', async (c) => c.html(demoPage((await demoBusiness(services)).name)))
    .get('/examples', async (c) => c.html(examplesPage((await demoBusiness(services)).name)))
    .get('/demo/token', async (c) => {
      const role = RoleSchema.safeParse(c.req.query('role') ?? 'owner');
      if (!role.success) throw invalid('role', 'role must be owner, admin, manager or viewer', { value: c.req.query('role') });
      const business = await demoBusiness(services);
      const token = await mintTokenFor(services.db, services.config.secret, { businessId: business.id, userId: DEMO_USERS[role.data], role: role.data, ttlSeconds: 3600 });
      c.header('Cache-Control', 'no-store');
      return c.json({ ...token, role: role.data, businessId: business.id, businessName: business.name });
    })
    .use('/assets/*', staticFrom(widgetsDir, '/assets', noCache))
    .get(`${WIDGETS_BUNDLE_PATH}`, (c) =>
      c.json(new ApiError(404, 'not_found', `The widgets bundle is not built: run \`pnpm --filter @threadline/widgets build\` (looked in ${widgetsDir})`).toBody(), 404),
    )
    .get('/examples/react', (c) => c.redirect('/examples/react/'))
    .use('/examples/react/*', staticFrom(reactDir, '/examples/react', noCache))
    .get('/examples/react/*', (c) => c.html(reactNotBuiltPage(), 404));
}
