import { createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { MEDIA_LIMITS, mediaTooLarge, uploadMedia } from '../../domain/media/index.ts';
import { invalid } from '../../errors.ts';
import { embedTokenAuth, requireRole } from '../../middleware/auth/index.ts';
import type { Services } from '../../services.ts';
import { embedTokenSecurity, errorResponses, ErrorSchema } from '../docs/schema.ts';
import { createRouter } from '../router.ts';
import { MediaSchema } from '../threads/schema.ts';

// Multipart framing (boundaries, part headers) on top of the largest allowed file.
const MULTIPART_OVERHEAD = 64 * 1024;

/** POST /v1/media: upload an attachment to send with a message. */
export function mediaRoutes(services: Services) {
  const upload = createRoute({
    method: 'post',
    path: '/v1/media',
    tags: ['Messages'],
    summary: 'Upload an MMS attachment',
    description:
      'Multipart form with one `file` field. Images, audio, video, PDF, vCard, calendar, CSV and plain text are accepted ' +
      '(415 otherwise); 5 MB at most (413), as carriers limit a whole MMS to 5 MB and 10 files. Send it by passing the ' +
      'returned id in `mediaIds`. Managers and above.',
    security: embedTokenSecurity,
    middleware: [
      embedTokenAuth(services),
      requireRole('manager', 'upload attachments'),
      bodyLimit({
        maxSize: MEDIA_LIMITS.maxBytesPerMessage + MULTIPART_OVERHEAD,
        onError: (c) => {
          throw mediaTooLarge('file', Number(c.req.header('content-length') ?? MEDIA_LIMITS.maxBytesPerMessage + MULTIPART_OVERHEAD));
        },
      }),
    ] as const,
    request: {
      body: {
        required: true,
        content: { 'multipart/form-data': { schema: z.object({ file: z.any().openapi({ type: 'string', format: 'binary' }) }) } },
      },
    },
    responses: {
      201: { description: 'Stored; not sent until a message names it', content: { 'application/json': { schema: MediaSchema } } },
      413: { description: 'Larger than 5 MB', content: { 'application/json': { schema: ErrorSchema } } },
      415: { description: 'A type carriers do not deliver', content: { 'application/json': { schema: ErrorSchema } } },
      ...errorResponses(401, 403, 422),
    },
  });

  return createRouter().openapi(upload, async (c) => {
    const { file } = c.req.valid('form') as { file?: unknown };
    if (!(file instanceof File)) throw invalid('file', 'Send the attachment as a multipart form field named "file"');
    const media = await uploadMedia(services, c.var.auth.businessId, {
      filename: file.name,
      contentType: file.type,
      bytes: new Uint8Array(await file.arrayBuffer()),
    });
    return c.json(media, 201);
  });
}
