import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { IncomingMessage } from 'node:http';
import twilio from 'twilio';
import { ApiError } from '../../errors.ts';
import type { AppEnv, Services } from '../../services.ts';

/** Largest webhook body read (Twilio's are a few KB, an MMS with ten media URLs included). */
const MAX_FORM_BYTES = 1024 * 1024;

const parsedForms = new WeakMap<object, Promise<Record<string, string>>>();

/**
 * The form fields of a Twilio webhook (Twilio never repeats a field), read once per request.
 * Also fills Hono's body cache (text and FormData), so the route's zod form validator reads them
 * instead of the body: converting the body between web-stream Request, text and FormData was a
 * third of the webhook's CPU (bench/webhooks.ts profile).
 */
export function twilioParams(c: Context<AppEnv>): Promise<Record<string, string>> {
  let parsed = parsedForms.get(c.req);
  if (!parsed) {
    parsed = readForm(c);
    parsedForms.set(c.req, parsed);
  }
  return parsed;
}

async function readForm(c: Context<AppEnv>): Promise<Record<string, string>> {
  const type = c.req.header('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) return {};
  const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming;
  // Served by @hono/node-server: straight from Node's request, skipping the web-stream Request it
  // would otherwise build. Elsewhere (app.request in tests) through Hono.
  const text = incoming && !c.req.bodyCache.text ? await readIncoming(incoming) : await c.req.text();
  const fields = new URLSearchParams(text);
  const form = new FormData();
  for (const [key, value] of fields) form.append(key, value);
  // Hono keeps promises there (its types say values); anything reading the body later gets these.
  c.req.bodyCache.text = Promise.resolve(text) as never;
  c.req.bodyCache.formData = Promise.resolve(form) as never;
  return Object.fromEntries(fields);
}

function readIncoming(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_FORM_BYTES) chunks.push(chunk);
    });
    incoming.once('end', () => {
      if (size > MAX_FORM_BYTES) reject(new ApiError(413, 'payload_too_large', `A webhook body is at most ${MAX_FORM_BYTES} bytes`, { field: 'body' }));
      else resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'));
    });
    incoming.once('error', reject);
  });
}

/** The URL Twilio signed: our public URL (what Twilio was given) plus the path and query it called. */
export function signedUrl(publicUrl: string, requestUrl: string): string {
  const { pathname, search } = new URL(requestUrl);
  return `${publicUrl}${pathname}${search}`;
}

/**
 * Refuses a webhook unless X-Twilio-Signature is Twilio's HMAC of the URL and form fields with our
 * auth token. Without TWILIO_AUTH_TOKEN nothing can be verified, so every webhook is refused
 * (the simulator does not need them: it reports in-process).
 */
export function twilioSignature(services: Services) {
  return createMiddleware<AppEnv>(async function twilioSignature(c, next) {
    const authToken = services.config.twilioAuthToken;
    const signature = c.req.header('x-twilio-signature');
    const refuse = (message: string) => new ApiError(403, 'invalid_signature', message, { field: 'X-Twilio-Signature' });
    if (!authToken) throw refuse('Webhooks are refused: TWILIO_AUTH_TOKEN is not configured, so signatures cannot be checked');
    if (!signature) throw refuse('Missing X-Twilio-Signature header');
    const params = await twilioParams(c);
    if (!twilio.validateRequest(authToken, signature, signedUrl(services.config.publicUrl, c.req.url), params)) {
      throw refuse('X-Twilio-Signature does not match this request');
    }
    await next();
  });
}
