import { createRoute, z } from '@hono/zod-openapi';
import type { Me } from '@threadline/sdk';
import { whoAmI } from '../../domain/members/index.ts';
import { embedTokenAuth } from '../../middleware/auth/index.ts';
import type { Services } from '../../services.ts';
import { embedTokenSecurity, errorResponses } from '../docs/schema.ts';
import { createRouter } from '../router.ts';

/** The signed-in user, as the embed token says. */
export const MeSchema = z
  .object({
    businessId: z.string(),
    businessName: z.string().openapi({ example: 'Sunshine Dental & Ortho' }),
    userId: z.string(),
    role: z.enum(['owner', 'admin', 'manager', 'viewer']),
  })
  .openapi('Me');

/** GET /v1/me. */
export function meRoutes(services: Services) {
  const me = createRoute({
    method: 'get',
    path: '/v1/me',
    tags: ['Session'],
    summary: 'Who the embed token is for',
    description: 'The business, user and role the token was minted for. A widget uses the role to show or hide what the server would refuse.',
    security: embedTokenSecurity,
    middleware: [embedTokenAuth(services)] as const,
    responses: {
      200: { description: 'The signed-in user', content: { 'application/json': { schema: MeSchema } } },
      ...errorResponses(401, 404),
    },
  });
  return createRouter().openapi(me, async (c) => {
    const result: Me = await whoAmI(services.db, c.var.auth);
    return c.json(result, 200);
  });
}
