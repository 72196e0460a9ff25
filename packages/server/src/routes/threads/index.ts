import { createRoute, z } from '@hono/zod-openapi';
import type { Thread } from '@threadline/sdk';
import { providerOf } from '../../db/client.ts';
import { getThread, listThreads, markThreadRead, type SearchIndex, THREAD_PAGE } from '../../domain/threads/query.ts';
import { embedTokenAuth } from '../../middleware/auth/index.ts';
import type { Services } from '../../services.ts';
import { embedTokenSecurity, errorResponses, IdParams } from '../docs/schema.ts';
import { createRouter } from '../router.ts';
import { pageSchema, ThreadSchema } from './schema.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * An ISO-8601 date-time with offset, or a date (a date alone means the start of that UTC day, or its
 * end when `endOfDay`, so `to=2026-11-30` includes the 30th).
 */
function instantParam(endOfDay: boolean, example: string) {
  return z
    .string()
    .refine((value) => (ISO_DATE.test(value) || ISO_DATE_TIME.test(value)) && !Number.isNaN(Date.parse(value)), {
      message: 'must be an ISO-8601 date-time with offset (2026-11-01T00:00:00Z) or a date (2026-11-01)',
    })
    .transform((value) => (ISO_DATE.test(value) ? new Date(`${value}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}Z`) : new Date(value)))
    .openapi({ example });
}

/** Query of GET /v1/threads. */
export const ThreadListQuerySchema = z.object({
  q: z.string().max(100).optional().openapi({
    description: 'Contact number (any run of digits, formatted or not: "(813) 555", "+1813555", "5551234") or saved-name words',
    example: '813 555',
  }),
  trackingNumberId: z.string().min(1).optional().openapi({ description: 'Only threads that used this tracking number' }),
  callFlowId: z.string().min(1).optional().openapi({ description: 'Only threads that used a number of this call flow' }),
  from: instantParam(false, '2026-11-01T00:00:00Z').optional().openapi({
    description: 'Only threads with a message or call at or after this instant (on the filtered numbers, when a number filter is given)',
  }),
  to: instantParam(true, '2026-11-30').optional().openapi({ description: 'Only threads with a message or call at or before this instant' }),
  cursor: z.string().max(512).optional().openapi({ description: '`nextCursor` of the previous page' }),
  limit: z.coerce.number().int().min(1).max(THREAD_PAGE.max).default(THREAD_PAGE.default).openapi({ example: 30 }),
});

/** GET /v1/threads, GET /v1/threads/{id}, POST /v1/threads/{id}/read. */
export function threadRoutes(services: Services) {
  const searchIndex: SearchIndex = { provider: providerOf(services.config.databaseUrl) };
  const auth = embedTokenAuth(services);
  const list = createRoute({
    method: 'get',
    path: '/v1/threads',
    tags: ['Threads'],
    summary: 'List threads, newest activity first',
    description:
      'Keyset-paginated on (lastActivityAt, id). A thread that gets new activity while you page moves above your cursor: ' +
      'it is never repeated on a later page and never pushes another thread off one; you learn of it through the ' +
      '`thread.updated` live event or a fresh first page. All filters combine.',
    security: embedTokenSecurity,
    middleware: [auth] as const,
    request: { query: ThreadListQuerySchema },
    responses: {
      200: { description: 'A page of threads', content: { 'application/json': { schema: pageSchema(ThreadSchema, 'ThreadPage') } } },
      ...errorResponses(401, 422),
    },
  });
  const get = createRoute({
    method: 'get',
    path: '/v1/threads/{id}',
    tags: ['Threads'],
    summary: 'Get one thread',
    security: embedTokenSecurity,
    middleware: [auth] as const,
    request: { params: IdParams },
    responses: {
      200: { description: 'The thread', content: { 'application/json': { schema: ThreadSchema } } },
      ...errorResponses(401, 404),
    },
  });
  const read = createRoute({
    method: 'post',
    path: '/v1/threads/{id}/read',
    tags: ['Threads'],
    summary: 'Mark a thread read',
    description: 'Sets the unread count to zero and sends `thread.updated` to every open inbox of the business. Any role may do this.',
    security: embedTokenSecurity,
    middleware: [auth] as const,
    request: { params: IdParams },
    responses: {
      200: { description: 'The thread, now read', content: { 'application/json': { schema: ThreadSchema } } },
      ...errorResponses(401, 404),
    },
  });

  return createRouter()
    .openapi(list, async (c) => {
      const page = await listThreads(services.db, c.var.auth.businessId, c.req.valid('query'), searchIndex);
      return c.json(page, 200);
    })
    .openapi(get, async (c) => {
      const thread: Thread = await getThread(services.db, c.var.auth.businessId, c.req.valid('param').id);
      return c.json(thread, 200);
    })
    .openapi(read, async (c) => {
      const thread = await markThreadRead(services.db, services.bus, c.var.auth.businessId, c.req.valid('param').id);
      return c.json(thread, 200);
    });
}
