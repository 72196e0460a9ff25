// Shared OpenAPI pieces: the error body every route can answer with, and the bearer schemes.
import { z } from '@hono/zod-openapi';

/** The body of every API error (see ApiError). */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'invalid_request' }),
      message: z.string().openapi({ example: 'limit: Too big: expected number to be <=100' }),
      details: z.record(z.string(), z.unknown()).optional().openapi({ example: { field: 'limit' } }),
    }),
  })
  .openapi('Error');

type ErrorStatus = 401 | 403 | 404 | 409 | 422;

const DESCRIPTIONS: Record<ErrorStatus, string> = {
  401: 'Missing, expired or invalid credentials',
  403: 'Your role may not do this',
  404: 'Not found (or it belongs to another business)',
  409: 'Conflict with the current state',
  422: 'Invalid input; `details.field` names the field',
};

/** OpenAPI `responses` entries for the error statuses a route can answer with. */
export function errorResponses<S extends ErrorStatus>(...statuses: S[]) {
  return Object.fromEntries(
    statuses.map((status) => [status, { description: DESCRIPTIONS[status], content: { 'application/json': { schema: ErrorSchema } } }]),
  ) as { [K in S]: { description: string; content: { 'application/json': { schema: typeof ErrorSchema } } } };
}

/** `security` of routes called from the browser with an embed token. */
export const embedTokenSecurity = [{ embedToken: [] }];
/** `security` of server-to-server routes called with an API key. */
export const apiKeySecurity = [{ apiKey: [] }];

/** The path parameter `id` of a resource. */
export const IdParams = z.object({
  id: z.string().min(1).openapi({ param: { name: 'id', in: 'path' }, example: 'cmc1x2y3z0000abcd1234efgh' }),
});
