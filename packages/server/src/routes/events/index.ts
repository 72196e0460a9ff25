import { createRoute, z } from '@hono/zod-openapi';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import { invalid } from '../../errors.ts';
import { embedTokenAuth } from '../../middleware/auth/index.ts';
import type { Services } from '../../services.ts';
import { embedTokenSecurity, errorResponses } from '../docs/schema.ts';
import { createRouter } from '../router.ts';

/** Timing of the event stream; tests shorten it. */
export interface EventStreamOptions {
  /** How often to send a `: ping` comment so proxies keep an idle connection open. */
  pingMs?: number;
  /** How many events to read from the log at a time while catching up. */
  batchSize?: number;
}

/** The reconnect delay the stream asks EventSource for, in milliseconds. */
export const SSE_RETRY_MS = 2000;

const EVENT_ID = /^\d{1,15}$/;

/** The event id a stream resumes after: the Last-Event-ID header (what EventSource sends) or `lastEventId`. */
function resumeAfter(header: string | undefined, query: string | undefined): number | null {
  const [field, value] = header !== undefined && header !== '' ? ['Last-Event-ID', header] : ['lastEventId', query];
  if (value === undefined || value === '') return null;
  if (!EVENT_ID.test(value.trim())) throw invalid(field, `${field} must be an event id this stream sent (a whole number)`);
  return Number(value.trim());
}

/**
 * Streams one business's events until the client goes away. The event log is the source of truth:
 * the loop reads everything after the last id it sent, then sleeps until the bus says there is more:
 * at once for a write in this process, or on the bus's next poll of the log for a write by another
 * server process (one query per process per tick, whatever the number of open streams).
 */
async function pump(stream: SSEStreamingApi, services: Services, businessId: string, afterId: number, options: Required<EventStreamOptions>) {
  let last = afterId;
  let pending = false;
  let wake: (() => void) | null = null;
  const kick = () => {
    pending = true;
    wake?.();
  };
  // The poller says how far the business's log goes: nothing to read if this stream sent that already.
  const unsubscribe = services.bus.onNotify(businessId, (latestId) => {
    if (latestId === undefined || latestId > last) kick();
  });
  stream.onAbort(kick);
  try {
    await stream.write(`retry: ${SSE_RETRY_MS}\n\n`);
    let nextPing = Date.now() + options.pingMs;
    while (!stream.aborted && !stream.closed) {
      pending = false;
      const events = await services.bus.since(businessId, last, options.batchSize);
      for (const event of events) {
        if (stream.aborted) return;
        await stream.write(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`);
        last = event.id;
      }
      if (events.length === options.batchSize) continue; // still catching up
      if (Date.now() >= nextPing) {
        await stream.write(': ping\n\n');
        nextPing = Date.now() + options.pingMs;
      }
      if (pending || stream.aborted) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.max(0, nextPing - Date.now()));
        function done() {
          clearTimeout(timer);
          wake = null;
          resolve();
        }
        wake = done;
      });
    }
  } catch (error) {
    // A client that left mid-read, or a database closed at shutdown, just ends this stream.
    if (!stream.aborted) console.error('Event stream stopped', businessId, error);
  } finally {
    unsubscribe();
  }
}

/** GET /v1/events: Server-Sent Events of the token's business, resumable with Last-Event-ID. */
export function eventRoutes(services: Services, options: EventStreamOptions = {}) {
  const timing: Required<EventStreamOptions> = { pingMs: 15_000, batchSize: 500, ...options };
  const events = createRoute({
    method: 'get',
    path: '/v1/events',
    tags: ['Live events'],
    summary: 'Live updates (Server-Sent Events)',
    description:
      'A `text/event-stream` of the business\'s changes: `retry: 2000` first, then `id: <n>`, `event: <type>`, `data: <json>` per event ' +
      '(types: message.created, message.updated, call.created, call.updated, thread.updated, number.updated, balance.updated, ' +
      'setup.updated) and a `: ping` comment every 15 s. Resumes after the `Last-Event-ID` header (EventSource sends it on ' +
      'reconnect) or `lastEventId`, replaying everything missed; otherwise starts with the next new event. EventSource cannot ' +
      'send headers, so the embed token may also come as `access_token`.',
    security: embedTokenSecurity,
    middleware: [embedTokenAuth(services)] as const,
    request: {
      query: z.object({
        access_token: z.string().optional().openapi({ description: 'The embed token, for EventSource (which cannot send headers)' }),
        lastEventId: z.string().optional().openapi({ description: 'Resume after this event id (the Last-Event-ID header wins)' }),
      }),
      headers: z.object({
        'last-event-id': z.string().optional().openapi({ description: 'Resume after this event id' }),
      }),
    },
    responses: {
      200: { description: 'The event stream', content: { 'text/event-stream': { schema: z.string() } } },
      ...errorResponses(401, 422),
    },
  });
  return createRouter().openapi(events, async (c) => {
    const { businessId } = c.var.auth;
    const requested = resumeAfter(c.req.header('last-event-id'), c.req.valid('query').lastEventId);
    const afterId = requested ?? (await services.bus.latestId(businessId));
    // Proxies (nginx) buffer responses unless told not to, which would hold events back.
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, (stream) => pump(stream, services, businessId, afterId, timing));
  });
}
