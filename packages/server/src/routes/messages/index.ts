import { createRoute } from '@hono/zod-openapi';
import { quoteSend, sendMessage } from '../../domain/messaging/send.ts';
import { embedTokenAuth, requireRole } from '../../middleware/auth/index.ts';
import type { Services } from '../../services.ts';
import { embedTokenSecurity, errorResponses, ErrorSchema } from '../docs/schema.ts';
import { createRouter } from '../router.ts';
import { AcceptedMessageSchema, QuoteSchema, SendMessageBodySchema } from './schema.ts';

const json = { 'application/json': { schema: ErrorSchema } };

/** POST /v1/messages (send) and POST /v1/messages/quote (what a send would cost and answer). */
export function messageRoutes(services: Services) {
  const auth = embedTokenAuth(services);
  const send = createRoute({
    method: 'post',
    path: '/v1/messages',
    tags: ['Messages'],
    summary: 'Send an SMS or MMS',
    description:
      'Accepts the message for sending (status `queued`), charges the balance and files it under the contact\'s thread ' +
      '(created for a new number) in one step; delivery progress arrives as `message.updated` events. Refusals, in the ' +
      'order they are checked: 403 for a viewer, 422 naming the bad field, 409 `number_not_ready` (details.state, ' +
      'details.step, details.trackingNumberId), 409 `recipient_opted_out`, 402 `insufficient_balance` (details.cost, ' +
      'details.balance, details.currency). A toll-free number pending verification sends, with a `warning` in the answer.',
    security: embedTokenSecurity,
    middleware: [auth, requireRole('manager', 'send messages')] as const,
    request: { body: { required: true, content: { 'application/json': { schema: SendMessageBodySchema } } } },
    responses: {
      202: { description: 'Accepted and queued', content: { 'application/json': { schema: AcceptedMessageSchema } } },
      402: { description: 'The balance is below the send cost', content: json },
      ...errorResponses(401, 403, 409, 422),
    },
  });
  const quote = createRoute({
    method: 'post',
    path: '/v1/messages/quote',
    tags: ['Messages'],
    summary: 'Price a message and check it would be accepted',
    description:
      'Same input and checks as sending, without sending: segments, encoding, cost, balance, the number\'s readiness, ' +
      'whether the recipient opted out, and `refusal`: exactly the error a send would answer with now. Any role may ask. ' +
        'An empty body is quoted too (refusal `invalid_request` on `body`), so a composer can check a recipient as it is ' +
        'typed: `recipient.e164` is the number read, and a 422 on `to` says it cannot be read.',
    security: embedTokenSecurity,
    middleware: [auth] as const,
    request: { body: { required: true, content: { 'application/json': { schema: SendMessageBodySchema } } } },
    responses: {
      200: { description: 'The quote', content: { 'application/json': { schema: QuoteSchema } } },
      ...errorResponses(401, 422),
    },
  });

  return createRouter()
    .openapi(send, async (c) => {
      const { message, warning } = await sendMessage(services, c.var.auth, c.req.valid('json'));
      return c.json({ ...message, ...(warning ? { warning } : {}) }, 202);
    })
    .openapi(quote, async (c) => {
      return c.json(await quoteSend(services, c.var.auth, c.req.valid('json')), 200);
    });
}
