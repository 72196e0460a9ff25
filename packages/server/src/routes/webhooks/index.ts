// Twilio webhooks. Every one is signed (X-Twilio-Signature), idempotent (Twilio retries), and
// answers an empty TwiML <Response/>: replies and call routing are not Threadline's job.
import { createRoute, z } from '@hono/zod-openapi';
import { recordCallEvent, recordCallRecording } from '../../domain/calls/index.ts';
import { webhookPhone } from '../../domain/messaging/fold.ts';
import { applyMessageStatus, fromCarrierStatus } from '../../domain/messaging/status.ts';
import type { Services } from '../../services.ts';
import { errorResponses, ErrorSchema } from '../docs/schema.ts';
import { createRouter } from '../router.ts';
import { twilioParams, twilioSignature } from './signature.ts';

/** The empty TwiML answer: nothing to say back, nothing to route. */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

const twiml = { 200: { description: 'Empty TwiML', content: { 'text/xml': { schema: z.string().openapi({ example: EMPTY_TWIML }) } } } };
const refused = { 403: { description: 'Missing or wrong X-Twilio-Signature; nothing stored', content: { 'application/json': { schema: ErrorSchema } } } };
const responses = { ...twiml, ...refused, ...errorResponses(422) };
const seconds = z.coerce.number().int().min(0).optional();
const SIGNED = " Signed by Twilio with the account's auth token (403 and nothing stored otherwise).";

/** Twilio's form fields of each webhook (more may come; only these are read). */
const InboundMessageForm = z.looseObject({
  MessageSid: z.string().min(1),
  From: z.string().min(1),
  To: z.string().min(1),
  Body: z.string().default(''),
  NumMedia: z.coerce.number().int().min(0).max(10).default(0),
});
const MessageStatusForm = z.looseObject({
  MessageSid: z.string().min(1),
  MessageStatus: z.string().min(1),
  ErrorCode: z.string().optional(),
  ErrorMessage: z.string().optional(),
});
const VoiceStatusForm = z.looseObject({
  CallSid: z.string().min(1),
  From: z.string().min(1),
  To: z.string().min(1),
  CallStatus: z.string().min(1),
  Direction: z.string().default('inbound'),
  CallDuration: seconds,
  DialCallStatus: z.string().optional(),
  ParentCallSid: z.string().optional(),
  RecordingUrl: z.string().url().optional(),
  RecordingSid: z.string().optional(),
  RecordingDuration: seconds,
});
const RecordingStatusForm = z.looseObject({
  CallSid: z.string().min(1),
  RecordingSid: z.string().min(1),
  RecordingUrl: z.string().url(),
  RecordingStatus: z.string().default('completed'),
  RecordingDuration: seconds,
});
const formBody = <T extends z.ZodType>(schema: T) => ({ required: true, content: { 'application/x-www-form-urlencoded': { schema } } });

/** Twilio serves a recording URL as WAV, or as MP3 (a tenth of the size) with the extension added. */
export function mp3Url(recordingUrl: string): string {
  return /\.(mp3|wav)$/i.test(recordingUrl) ? recordingUrl : `${recordingUrl}.mp3`;
}

/** POST /webhooks/twilio/{messaging,message-status,voice-status,recording-status}. */
export function webhookRoutes(services: Services) {
  const signed = twilioSignature(services);
  const common = { method: 'post' as const, tags: ['Webhooks'], middleware: signed, responses };
  const messaging = createRoute({
    ...common,
    path: '/webhooks/twilio/messaging',
    summary: 'Inbound SMS/MMS',
    description:
      'Set as the messaging webhook of each tracking number. Answers once the delivery is durably accepted (a retried ' +
      'MessageSid is ignored); within moments the message is filed under its thread once per MessageSid, MMS media ' +
      '(MediaUrlN) is copied to Threadline storage, STOP/START keywords apply, and texts to numbers that are not ' +
      'tracking numbers are dropped.' + SIGNED,
    request: { body: formBody(InboundMessageForm) },
  });
  const messageStatus = createRoute({
    ...common,
    path: '/webhooks/twilio/message-status',
    summary: 'Outbound message status',
    description: 'The statusCallback of every send. Statuses only move forward, so repeated and out-of-order callbacks are harmless.' + SIGNED,
    request: { body: formBody(MessageStatusForm), query: z.object({ messageId: z.string().max(64).optional() }) },
  });
  const voiceStatus = createRoute({
    ...common,
    path: '/webhooks/twilio/voice-status',
    summary: 'Call status',
    description: "The status callback of each tracking number's calls: answered, missed, voicemail, busy, failed, with duration." + SIGNED,
    request: { body: formBody(VoiceStatusForm) },
  });
  const recordingStatus = createRoute({
    ...common,
    path: '/webhooks/twilio/recording-status',
    summary: 'Call recording finished',
    description: 'The recordingStatusCallback: attaches the recording to its call; an unanswered call with a recording is a voicemail.' + SIGNED,
    request: { body: formBody(RecordingStatusForm) },
  });

  const answer = (c: { body: (data: string, status: 200, headers: Record<string, string>) => Response }) =>
    c.body(EMPTY_TWIML, 200, { 'content-type': 'text/xml; charset=utf-8' }) as never;

  return createRouter()
    .openapi(messaging, async (c) => {
      const fields = c.req.valid('form');
      const params = await twilioParams(c);
      // From and To are read when the text is filed (short codes and unknown numbers are dropped
      // there): the answer only waits for the row to be durable.
      // Durable before 200: the row is committed (with others arriving at the same moment) and the
      // inbox worker files it into its thread shortly after. See domain/messaging/inbox.ts.
      await services.inbox.accept({ sid: fields.MessageSid, params, receivedAt: new Date() });
      return answer(c);
    })
    .openapi(messageStatus, async (c) => {
      const fields = c.req.valid('form');
      const status = fromCarrierStatus(fields.MessageStatus);
      if (status) {
        await applyMessageStatus(services, {
          sid: fields.MessageSid,
          messageId: c.req.valid('query').messageId,
          status,
          errorCode: fields.ErrorCode || null,
          errorMessage: fields.ErrorMessage || null,
        });
      }
      return answer(c);
    })
    .openapi(voiceStatus, async (c) => {
      const fields = c.req.valid('form');
      // The leg Twilio dials to reach the business is a child of the caller's call: the parent is the one we show.
      if (fields.ParentCallSid) return answer(c);
      const from = webhookPhone(fields.From);
      const to = webhookPhone(fields.To);
      if (!from || !to) return answer(c);
      await recordCallEvent(services, {
        callSid: fields.CallSid,
        from,
        to,
        direction: fields.Direction.startsWith('outbound') ? 'outbound' : 'inbound',
        carrierStatus: fields.CallStatus,
        dialCallStatus: fields.DialCallStatus ?? null,
        durationSeconds: fields.CallDuration ?? 0,
        recording:
          fields.RecordingUrl && fields.RecordingSid
            ? { recordingSid: fields.RecordingSid, url: mp3Url(fields.RecordingUrl), durationSeconds: fields.RecordingDuration ?? null }
            : null,
      });
      return answer(c);
    })
    .openapi(recordingStatus, async (c) => {
      const fields = c.req.valid('form');
      if (fields.RecordingStatus === 'completed') {
        await recordCallRecording(services, {
          callSid: fields.CallSid,
          recordingSid: fields.RecordingSid,
          url: mp3Url(fields.RecordingUrl),
          durationSeconds: fields.RecordingDuration ?? null,
        });
      }
      return answer(c);
    });
}
