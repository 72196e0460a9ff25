import { createRoute, z } from '@hono/zod-openapi';
import { threadTimeline, TIMELINE_PAGE } from '../../domain/threads/timeline.ts';
import { embedTokenAuth } from '../../middleware/auth/index.ts';
import type { Services } from '../../services.ts';
import { embedTokenSecurity, errorResponses, IdParams } from '../docs/schema.ts';
import { createRouter } from '../router.ts';
import { pageSchema, TimelineItemSchema } from '../threads/schema.ts';

/** GET /v1/threads/{id}/timeline. */
export function timelineRoutes(services: Services) {
  const links = { publicUrl: services.config.publicUrl, secret: services.config.secret };
  const timeline = createRoute({
    method: 'get',
    path: '/v1/threads/{id}/timeline',
    tags: ['Threads'],
    summary: "A thread's messages and calls, newest first",
    description:
      'Messages (by sent/received time) and calls (by start time) merged, newest first, with media and recording links. ' +
      'Page backwards in time with `cursor`; the order is (occurredAt, kind, id) descending, so paging never repeats or skips an item.',
    security: embedTokenSecurity,
    middleware: [embedTokenAuth(services)] as const,
    request: {
      params: IdParams,
      query: z.object({
        cursor: z.string().max(512).optional().openapi({ description: '`nextCursor` of the previous page' }),
        limit: z.coerce.number().int().min(1).max(TIMELINE_PAGE.max).default(TIMELINE_PAGE.default),
      }),
    },
    responses: {
      200: { description: 'A page of timeline items', content: { 'application/json': { schema: pageSchema(TimelineItemSchema, 'TimelinePage') } } },
      ...errorResponses(401, 404, 422),
    },
  });
  return createRouter().openapi(timeline, async (c) => {
    const page = await threadTimeline(services.db, links, c.var.auth.businessId, c.req.valid('param').id, c.req.valid('query'));
    return c.json(page, 200);
  });
}
