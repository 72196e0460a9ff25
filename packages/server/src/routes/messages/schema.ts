// OpenAPI shapes of sending: the send input, the quote and the accepted-send answer.
import { z } from '@hono/zod-openapi';
import { ErrorSchema } from '../docs/schema.ts';
import { ReadinessSchema } from '../numbers/schema.ts';
import { MessageSchema } from '../threads/schema.ts';

/** Body of POST /v1/messages and POST /v1/messages/quote. */
export const SendMessageBodySchema = z
  .object({
    from: z.string().min(1).max(64).openapi({ description: 'Tracking number id or its E.164 number', example: '+18135550100' }),
    to: z.string().min(1).max(40).openapi({ description: 'Recipient: E.164, or a national US/CA format', example: '(727) 555-0199' }),
    body: z.string().max(10_000).default('').openapi({ description: 'Text, at most 1,600 characters; may be empty when media is attached', example: 'Your technician is on the way.' }),
    mediaIds: z.array(z.string().min(1).max(64)).max(10).optional().openapi({ description: 'Ids from POST /v1/media: at most 10, 5 MB in all' }),
  })
  .openapi('SendMessageInput');

/** The caution an accepted send can carry. */
export const SendWarningSchema = z
  .object({
    code: z.literal('toll_free_pending'),
    message: z.string().openapi({ example: 'Toll-free verification pending: messages may not deliver until approval completes.' }),
  })
  .openapi('SendWarning');

/** The 202 answer of POST /v1/messages: the queued message, plus a warning when it may not deliver. */
export const AcceptedMessageSchema = MessageSchema.extend({
  warning: SendWarningSchema.optional().openapi({ description: 'Present when the number may send but delivery is uncertain (toll-free pending verification)' }),
}).openapi('AcceptedMessage');

/** What a send would cost and whether it would be accepted now. */
export const QuoteSchema = z
  .object({
    encoding: z.enum(['GSM-7', 'UCS-2']),
    segments: z.number().int(),
    characters: z.number().int(),
    unicodeCharacters: z.array(z.string()).openapi({ description: 'The characters that forced UCS-2, in order of first appearance' }),
    cost: z.number().int().openapi({ description: 'Cents' }),
    balance: z.number().int().openapi({ description: 'Cents' }),
    currency: z.string().openapi({ example: 'USD' }),
    readiness: ReadinessSchema,
    recipient: z.object({ e164: z.string(), optedOut: z.boolean() }),
    canSend: z.boolean(),
    refusal: ErrorSchema.shape.error.nullable().openapi({ description: 'The error a send would answer with now (same code and message), or null' }),
  })
  .openapi('Quote');
