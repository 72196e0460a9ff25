// OpenAPI shapes of threads, contacts and timeline items (the SDK's types, as zod).
import { z } from '@hono/zod-openapi';
import { TrackingNumberRefSchema } from '../numbers/schema.ts';

/** ISO-8601 instant in a response. */
const Instant = z.string().openapi({ format: 'date-time', example: '2026-11-27T14:03:00.000Z' });
const Direction = z.enum(['inbound', 'outbound']);

/** The other party of a thread. */
export const ContactSchema = z
  .object({
    id: z.string(),
    e164: z.string().openapi({ example: '+18135551234' }),
    display: z.string().openapi({ description: 'The number for people to read', example: '(813) 555-1234' }),
    name: z.string().nullable().openapi({ example: 'Maria Lopez' }),
    optedOut: z.boolean().openapi({ description: 'The contact replied STOP; START re-opts in' }),
    optedOutAt: Instant.nullable(),
  })
  .openapi('Contact');

/** A conversation with one contact number across all tracking numbers. */
export const ThreadSchema = z
  .object({
    id: z.string(),
    contact: ContactSchema,
    preview: z.object({
      kind: z.enum(['sms', 'mms', 'call']),
      direction: Direction,
      text: z.string().openapi({ example: 'Missed call' }),
    }),
    lastActivityAt: Instant,
    unreadCount: z.number().int(),
    trackingNumbers: z.array(TrackingNumberRefSchema).openapi({ description: 'Numbers this thread used, most recent first' }),
  })
  .openapi('Thread');

/** An MMS attachment. */
export const MediaSchema = z
  .object({
    id: z.string(),
    contentType: z.string().openapi({ example: 'image/png' }),
    filename: z.string(),
    size: z.number().int().openapi({ description: 'Bytes' }),
    url: z.string().openapi({ description: 'Unguessable URL served by Threadline; no credentials needed' }),
  })
  .openapi('Media');

/** An SMS or MMS. */
export const MessageSchema = z
  .object({
    kind: z.literal('message'),
    id: z.string(),
    threadId: z.string(),
    direction: Direction,
    trackingNumber: TrackingNumberRefSchema,
    from: z.string(),
    fromDisplay: z.string().openapi({ description: '`from` for people to read', example: '(813) 555-1234' }),
    to: z.string(),
    toDisplay: z.string().openapi({ description: '`to` for people to read', example: '(813) 555-0100' }),
    body: z.string(),
    encoding: z.enum(['GSM-7', 'UCS-2']),
    segments: z.number().int(),
    status: z.enum(['queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'received']),
    errorCode: z.string().nullable().openapi({ example: '30007' }),
    errorMessage: z.string().nullable().openapi({ example: 'Carrier filtered as spam' }),
    cost: z.number().int().openapi({ description: 'Cents' }),
    media: z.array(MediaSchema),
    senderUserId: z.string().nullable(),
    occurredAt: Instant,
    updatedAt: Instant,
  })
  .openapi('Message');

/** A phone call. */
export const CallSchema = z
  .object({
    kind: z.literal('call'),
    id: z.string(),
    threadId: z.string(),
    direction: Direction,
    trackingNumber: TrackingNumberRefSchema,
    from: z.string(),
    fromDisplay: z.string().openapi({ description: '`from` for people to read', example: '(813) 555-1234' }),
    to: z.string(),
    toDisplay: z.string().openapi({ description: '`to` for people to read', example: '(813) 555-0100' }),
    status: z.enum(['ringing', 'in-progress', 'answered', 'missed', 'voicemail', 'failed', 'busy', 'no-answer', 'canceled']),
    durationSeconds: z.number().int(),
    recording: z
      .object({
        url: z.string().openapi({ description: 'Signed link served by Threadline; plays in an <audio> element' }),
        durationSeconds: z.number().int().nullable(),
      })
      .nullable(),
    occurredAt: Instant,
    updatedAt: Instant,
  })
  .openapi('Call');

/** A timeline item: a message or a call, told apart by `kind`. */
export const TimelineItemSchema = z.discriminatedUnion('kind', [MessageSchema, CallSchema]).openapi('TimelineItem');

/** A cursor page of `item`s; `nextCursor` is null on the last page. */
export function pageSchema<T extends z.ZodType>(item: T, name: string) {
  return z
    .object({
      items: z.array(item),
      nextCursor: z.string().nullable().openapi({ description: 'Pass as `cursor` for the next page; null on the last page' }),
    })
    .openapi(name);
}
