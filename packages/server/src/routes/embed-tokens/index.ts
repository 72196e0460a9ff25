import { createRoute, z } from '@hono/zod-openapi';
import { MAX_EMBED_TOKEN_TTL_SECONDS } from '@threadline/sdk/node';
import { mintTokenWithKey } from '../../domain/members/index.ts';
import { apiKeyAuth } from '../../middleware/auth/index.ts';
import type { Services } from '../../services.ts';
import { apiKeySecurity, errorResponses } from '../docs/schema.ts';
import { createRouter } from '../router.ts';

/** Body of POST /v1/embed-tokens. */
export const EmbedTokenInputSchema = z
  .object({
    businessId: z.string().min(1).max(100),
    userId: z.string().min(1).max(200).openapi({ description: "The host product's user id", example: 'u_42' }),
    role: z.enum(['owner', 'admin', 'manager', 'viewer']),
    ttlSeconds: z.number().int().min(60).max(MAX_EMBED_TOKEN_TTL_SECONDS).default(3600).openapi({ description: 'Lifetime in seconds' }),
  })
  .openapi('EmbedTokenInput');

/** A minted embed token. */
export const EmbedTokenSchema = z
  .object({ token: z.string(), expiresAt: z.string().openapi({ format: 'date-time' }) })
  .openapi('EmbedToken');

/** POST /v1/embed-tokens (API key). */
export function embedTokenRoutes(services: Services) {
  const mint = createRoute({
    method: 'post',
    path: '/v1/embed-tokens',
    tags: ['Session'],
    summary: 'Mint an embed token for a signed-in user (server to server)',
    description:
      'Call from your backend with an API key; hand the token to the page. An agency key mints for any business of its agency, ' +
      'a business key only for its own business (any other id answers 404). Records the member and their role.',
    security: apiKeySecurity,
    middleware: [apiKeyAuth(services)] as const,
    request: { body: { required: true, content: { 'application/json': { schema: EmbedTokenInputSchema } } } },
    responses: {
      201: { description: 'The token', content: { 'application/json': { schema: EmbedTokenSchema } } },
      ...errorResponses(401, 404, 422),
    },
  });
  return createRouter().openapi(mint, async (c) => {
    const token = await mintTokenWithKey(services.db, services.config.secret, c.var.apiKey, c.req.valid('json'));
    return c.json(token, 201);
  });
}
