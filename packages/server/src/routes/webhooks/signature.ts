import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import twilio from 'twilio';
import { ApiError } from '../../errors.ts';
import type { AppEnv, Services } from '../../services.ts';

/** The form fields of a Twilio webhook (Twilio never repeats a field). */
export async function twilioParams(c: Context<AppEnv>): Promise<Record<string, string>> {
  const type = c.req.header('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) return {};
  // Hono caches the body, so the validator and the handler can read it again after this.
  return Object.fromEntries(new URLSearchParams(await c.req.text()));
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
