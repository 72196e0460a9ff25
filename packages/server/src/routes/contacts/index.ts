import { createRoute, z } from '@hono/zod-openapi';
import { renameContact } from '../../domain/threads/contacts.ts';
import { embedTokenAuth, requireRole } from '../../middleware/auth/index.ts';
import type { Services } from '../../services.ts';
import { embedTokenSecurity, errorResponses, IdParams } from '../docs/schema.ts';
import { createRouter } from '../router.ts';
import { ContactSchema } from '../threads/schema.ts';

/** Body of PATCH /v1/contacts/{id}. */
export const ContactPatchSchema = z
  .object({
    name: z.string().trim().max(100).nullable().openapi({ description: 'Saved name; null or "" clears it', example: 'Maria Lopez' }),
  })
  .strict()
  .openapi('ContactPatch');

/** PATCH /v1/contacts/{id}. */
export function contactRoutes(services: Services) {
  const patch = createRoute({
    method: 'patch',
    path: '/v1/contacts/{id}',
    tags: ['Threads'],
    summary: "Save or clear a contact's name",
    description: 'Managers and above. The thread becomes searchable by the new name at once and open inboxes get `thread.updated`.',
    security: embedTokenSecurity,
    middleware: [embedTokenAuth(services), requireRole('manager', 'rename contacts')] as const,
    request: { params: IdParams, body: { required: true, content: { 'application/json': { schema: ContactPatchSchema } } } },
    responses: {
      200: { description: 'The contact', content: { 'application/json': { schema: ContactSchema } } },
      ...errorResponses(401, 403, 404, 422),
    },
  });
  return createRouter().openapi(patch, async (c) => {
    const contact = await renameContact(services.db, services.bus, c.var.auth.businessId, c.req.valid('param').id, c.req.valid('json').name);
    return c.json(contact, 200);
  });
}
