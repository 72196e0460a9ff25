import { createRoute, z } from '@hono/zod-openapi';
import type { CallFlow } from '@threadline/sdk';
import { listCallFlows } from '../../domain/threads/call-flows.ts';
import { embedTokenAuth } from '../../middleware/auth/index.ts';
import type { Services } from '../../services.ts';
import { embedTokenSecurity, errorResponses } from '../docs/schema.ts';
import { CallFlowSchema } from '../numbers/schema.ts';
import { createRouter } from '../router.ts';

/** GET /v1/call-flows. */
export function callFlowRoutes(services: Services) {
  const list = createRoute({
    method: 'get',
    path: '/v1/call-flows',
    tags: ['Numbers'],
    summary: "The business's call flows",
    description: 'For the thread list filter `callFlowId`.',
    security: embedTokenSecurity,
    middleware: [embedTokenAuth(services)] as const,
    responses: {
      200: {
        description: 'Every call flow, by name',
        content: { 'application/json': { schema: z.object({ items: z.array(CallFlowSchema) }).openapi('CallFlowList') } },
      },
      ...errorResponses(401),
    },
  });
  return createRouter().openapi(list, async (c) => {
    const items: CallFlow[] = await listCallFlows(services.db, c.var.auth.businessId);
    return c.json({ items }, 200);
  });
}
