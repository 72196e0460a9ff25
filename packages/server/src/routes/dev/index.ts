// Development-only endpoints (config.devEndpoints, on by default with the simulator carrier):
// inject inbound texts and calls so the demo and the widgets can be driven without a phone.
// They call the same domain functions as the Twilio webhooks.
import { createRoute, z } from '@hono/zod-openapi';
import { injectCall, SIMULATED_CALL_OUTCOMES } from '../../domain/calls/simulate.ts';
import { injectInboundSms } from '../../domain/messaging/simulate.ts';
import { embedTokenAuth } from '../../middleware/auth/index.ts';
import type { Services } from '../../services.ts';
import { embedTokenSecurity, errorResponses, ErrorSchema } from '../docs/schema.ts';
import { createRouter } from '../router.ts';
import { CallSchema, MessageSchema } from '../threads/schema.ts';

const SimulatedMediaSchema = z.union([
  z.object({ sample: z.enum(['image', 'audio', 'video', 'file']) }).strict(),
  z.object({
    contentType: z.string().min(1).max(100).openapi({ example: 'image/png' }),
    filename: z.string().max(200).optional(),
    dataBase64: z.string().max(7_000_000).openapi({ description: 'The bytes, base64' }),
  }),
]);

/** Body of POST /v1/dev/inbound-sms. */
export const InboundSmsBodySchema = z
  .object({
    to: z.string().min(1).max(64).openapi({ description: 'Tracking number id or E.164', example: '+18135550100' }),
    from: z.string().min(1).max(40).openapi({ example: '+17275550199' }),
    body: z.string().max(10_000).default(''),
    media: z.array(SimulatedMediaSchema).max(10).optional(),
  })
  .openapi('SimulatedInboundSms');

/** Body of POST /v1/dev/calls. */
export const SimulatedCallBodySchema = z
  .object({
    to: z.string().min(1).max(64).openapi({ description: 'Tracking number id or E.164', example: '+18135550100' }),
    from: z.string().min(1).max(40).openapi({ example: '+17275550199' }),
    outcome: z.enum(SIMULATED_CALL_OUTCOMES),
    durationSeconds: z.number().int().min(0).max(14_400).optional(),
    recording: z.boolean().optional().openapi({ description: 'Record an answered call (a voicemail always has a recording)' }),
  })
  .openapi('SimulatedCall');

/** POST /v1/dev/inbound-sms and POST /v1/dev/calls; an empty router when dev endpoints are off. */
export function devRoutes(services: Services) {
  const router = createRouter();
  if (!services.config.devEndpoints) return router;
  const auth = embedTokenAuth(services);
  const inboundSms = createRoute({
    method: 'post',
    path: '/v1/dev/inbound-sms',
    tags: ['Development'],
    summary: 'Simulate an inbound text',
    description: 'Development only. Delivers a text to one of your tracking numbers as the carrier would (unread count, STOP/START, inbound charge, live events). Any role.',
    security: embedTokenSecurity,
    middleware: [auth] as const,
    request: { body: { required: true, content: { 'application/json': { schema: InboundSmsBodySchema } } } },
    responses: {
      201: { description: 'The stored message', content: { 'application/json': { schema: MessageSchema } } },
      413: { description: 'Attachments over 5 MB', content: { 'application/json': { schema: ErrorSchema } } },
      415: { description: 'An attachment type carriers do not deliver', content: { 'application/json': { schema: ErrorSchema } } },
      ...errorResponses(401, 422),
    },
  });
  const calls = createRoute({
    method: 'post',
    path: '/v1/dev/calls',
    tags: ['Development'],
    summary: 'Simulate an inbound call',
    description: 'Development only. Records a call to one of your tracking numbers with the given outcome; a voicemail gets a playable recording. Any role.',
    security: embedTokenSecurity,
    middleware: [auth] as const,
    request: { body: { required: true, content: { 'application/json': { schema: SimulatedCallBodySchema } } } },
    responses: {
      201: { description: 'The stored call', content: { 'application/json': { schema: CallSchema } } },
      ...errorResponses(401, 422),
    },
  });
  return router
    .openapi(inboundSms, async (c) => c.json(await injectInboundSms(services, c.req.valid('json'), c.var.auth.businessId), 201))
    .openapi(calls, async (c) => c.json(await injectCall(services, c.req.valid('json'), c.var.auth.businessId), 201));
}
