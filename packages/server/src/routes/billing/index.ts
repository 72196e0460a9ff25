import { createRoute, z } from '@hono/zod-openapi';
import { getBalance, listLedger } from '../../domain/billing/index.ts';
import { embedTokenAuth } from '../../middleware/auth/index.ts';
import type { Services } from '../../services.ts';
import { embedTokenSecurity, errorResponses } from '../docs/schema.ts';
import { createRouter } from '../router.ts';
import { pageSchema } from '../threads/schema.ts';
import { BalanceSchema, LedgerEntrySchema } from './schema.ts';

/** Query of GET /v1/billing/ledger. */
export const LedgerQuerySchema = z.object({
  cursor: z.string().max(512).optional().openapi({ description: '`nextCursor` of the previous page' }),
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ example: 50 }),
});

/** GET /v1/billing/balance and GET /v1/billing/ledger. Any role may read them. */
export function billingRoutes(services: Services) {
  const auth = embedTokenAuth(services);
  const balance = createRoute({
    method: 'get',
    path: '/v1/billing/balance',
    tags: ['Billing'],
    summary: 'Prepaid balance and rates',
    description: 'Changes arrive live as `balance.updated` events.',
    security: embedTokenSecurity,
    middleware: [auth] as const,
    responses: {
      200: { description: 'The balance', content: { 'application/json': { schema: BalanceSchema } } },
      ...errorResponses(401),
    },
  });
  const ledger = createRoute({
    method: 'get',
    path: '/v1/billing/ledger',
    tags: ['Billing'],
    summary: 'Every change of balance, newest first',
    security: embedTokenSecurity,
    middleware: [auth] as const,
    request: { query: LedgerQuerySchema },
    responses: {
      200: { description: 'A page of ledger entries', content: { 'application/json': { schema: pageSchema(LedgerEntrySchema, 'LedgerPage') } } },
      ...errorResponses(401, 422),
    },
  });

  return createRouter()
    .openapi(balance, async (c) => c.json(await getBalance(services.db, services.config, c.var.auth.businessId), 200))
    .openapi(ledger, async (c) => c.json(await listLedger(services.db, c.var.auth.businessId, c.req.valid('query')), 200));
}
