import { createRoute, z } from '@hono/zod-openapi';
import { numbersWithReadiness, toTrackingNumberDto } from '../../domain/numbers/index.ts';
import { embedTokenAuth } from '../../middleware/auth/index.ts';
import type { Services } from '../../services.ts';
import { embedTokenSecurity, errorResponses } from '../docs/schema.ts';
import { createRouter } from '../router.ts';
import { TrackingNumberSchema } from './schema.ts';

/** GET /v1/numbers. */
export function numberRoutes(services: Services) {
  const list = createRoute({
    method: 'get',
    path: '/v1/numbers',
    tags: ['Numbers'],
    summary: "The business's tracking numbers with readiness to send",
    description: 'Each number says whether it may send now and, if not, what the user must do (see the readiness table in the design).',
    security: embedTokenSecurity,
    middleware: [embedTokenAuth(services)] as const,
    responses: {
      200: {
        description: 'Every tracking number, by friendly name',
        content: { 'application/json': { schema: z.object({ items: z.array(TrackingNumberSchema) }).openapi('TrackingNumberList') } },
      },
      ...errorResponses(401),
    },
  });
  return createRouter().openapi(list, async (c) => {
    const numbers = await numbersWithReadiness(services.db, c.var.auth.businessId);
    return c.json({ items: numbers.map(toTrackingNumberDto) }, 200);
  });
}
