// Public byte-serving routes, outside /v1 and its auth: the carrier fetches outbound MMS media and
// browsers load inbound media and recordings from them. Access is by capability: an unguessable
// media token, or a recording id signed with the server's secret.
import { timingSafeEqual } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { mediaHeaders, readPublicMedia } from '../../domain/media/index.ts';
import { fetchCarrierBytes } from '../../domain/media/fetch.ts';
import { recordingSignature } from '../../domain/threads/dto.ts';
import { ApiError } from '../../errors.ts';
import type { Services } from '../../services.ts';
import { ErrorSchema } from '../docs/schema.ts';
import { createRouter } from '../router.ts';

const binary = z.any().openapi({ type: 'string', format: 'binary' });
const notFoundResponse = { 404: { description: 'Unknown token or bad signature', content: { 'application/json': { schema: ErrorSchema } } } };

/** Whether `given` is the recording signature of `callId` (constant-time). */
export function validRecordingSignature(secret: string, callId: string, given: string | undefined): boolean {
  if (!given) return false;
  const expected = Buffer.from(recordingSignature(secret, callId));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** GET /media/{token}/{filename} and GET /recordings/{callId}?sig=…: attachment and recording bytes. */
export function publicMediaRoutes(services: Services) {
  const media = createRoute({
    method: 'get',
    path: '/media/{token}/{filename}',
    tags: ['Media'],
    summary: 'Attachment bytes',
    description: 'The URL in `Media.url`. No credentials: the token is the capability. Served with its content type, `nosniff` and a sandboxing CSP.',
    request: {
      params: z.object({
        token: z.string().min(1).max(100).openapi({ param: { name: 'token', in: 'path' } }),
        filename: z.string().max(300).openapi({ param: { name: 'filename', in: 'path' } }),
      }),
    },
    responses: { 200: { description: 'The file', content: { 'application/octet-stream': { schema: binary } } }, ...notFoundResponse },
  });
  const recording = createRoute({
    method: 'get',
    path: '/recordings/{callId}',
    tags: ['Media'],
    summary: 'Call recording audio',
    description: 'The URL in `Call.recording.url`, signed by the server; streamed through Threadline so pages never need carrier credentials.',
    request: {
      params: z.object({ callId: z.string().min(1).max(64).openapi({ param: { name: 'callId', in: 'path' } }) }),
      query: z.object({ sig: z.string().max(200).optional() }),
    },
    responses: { 200: { description: 'The audio', content: { 'audio/mpeg': { schema: binary } } }, ...notFoundResponse },
  });

  return createRouter()
    .openapi(media, async (c) => {
      const found = await readPublicMedia(services, c.req.valid('param').token);
      if (!found) throw new ApiError(404, 'not_found', 'Media not found');
      const { row, bytes } = found;
      return c.body(new Uint8Array(bytes), 200, mediaHeaders(row.contentType, row.filename, bytes.byteLength)) as never;
    })
    .openapi(recording, async (c) => {
      const { callId } = c.req.valid('param');
      // A bad signature and an unknown call answer alike, so ids cannot be probed.
      if (!validRecordingSignature(services.config.secret, callId, c.req.valid('query').sig)) throw new ApiError(404, 'not_found', 'Recording not found');
      const call = await services.db.call.findUnique({ where: { id: callId }, select: { recordingUrl: true } });
      if (!call?.recordingUrl) throw new ApiError(404, 'not_found', 'Recording not found');
      let audio: { bytes: Uint8Array; contentType: string };
      try {
        audio = await fetchCarrierBytes(services, call.recordingUrl);
      } catch (error) {
        console.error(`Recording of call ${callId} could not be fetched from the carrier`, error);
        throw new ApiError(502, 'carrier_unavailable', 'The recording could not be fetched from the carrier; try again shortly');
      }
      return c.body(new Uint8Array(audio.bytes), 200, {
        'content-type': audio.contentType,
        'content-length': String(audio.bytes.byteLength),
        'x-content-type-options': 'nosniff',
        'cross-origin-resource-policy': 'cross-origin',
        'cache-control': 'private, max-age=3600',
      }) as never;
    });
}
