import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Hono } from 'hono';
import type { AppEnv, Services } from '../../services.ts';
import { renderReference, type OpenApiDocument } from './render.ts';

// The order of the reference page; a route with a tag not listed here is appended after these.
const TAGS = [
  { name: 'Session', description: 'Who is signed in, and minting embed tokens from your backend.' },
  { name: 'Threads', description: 'Conversations with contacts: the inbox list, timelines, read state and contact names.' },
  { name: 'Messages', description: 'Sending texts and attachments, with a quote first.' },
  { name: 'Numbers', description: 'Tracking numbers with their readiness to send, and call flows.' },
  { name: 'Messaging setup', description: '10DLC brand and campaign registration, number assignment, toll-free verification.' },
  { name: 'Billing', description: 'Prepaid balance and its ledger (integer cents).' },
  { name: 'Live events', description: 'Server-Sent Events with resume.' },
  { name: 'Media', description: 'Attachments and call recordings, served at unguessable or signed URLs.' },
  { name: 'Webhooks', description: 'Called by Twilio, signed with X-Twilio-Signature.' },
  { name: 'Development', description: 'Simulator-only endpoints for the demo.' },
  { name: 'Reference', description: 'This documentation.' },
];

const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The OpenAPI 3.1 document of every route the app serves. Routes declared with `createRoute` carry
 * their full description; any route registered some other way still gets listed (method, path and
 * path parameters), so the reference never silently misses an endpoint.
 */
export function openApiDocument(app: OpenAPIHono<AppEnv>, services: Services): OpenApiDocument {
  const doc = app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Threadline API',
      version: '1.0.0',
      description:
        'SMS and call conversations for embedding. Browser calls use a short-lived embed token minted by your backend ' +
        '(`POST /v1/embed-tokens` with an API key). Money is integer cents; phone numbers are E.164.',
    },
    servers: [{ url: services.config.publicUrl, description: 'This server' }],
    tags: TAGS,
  }) as unknown as OpenApiDocument;
  const paths = (doc.paths ??= {});
  for (const route of app.routes) {
    if (!HTTP_METHODS.has(route.method) || route.path.includes('*')) continue;
    const path = route.path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}');
    const method = route.method.toLowerCase();
    const item = (paths[path] ??= {});
    if (item[method]) continue;
    const params = [...path.matchAll(/\{(\w+)\}/g)].map((match) => ({ name: match[1]!, in: 'path', required: true, schema: { type: 'string' } }));
    item[method] = {
      tags: [path.startsWith('/webhooks') ? 'Webhooks' : 'Other'],
      summary: `${route.method} ${path}`,
      ...(params.length ? { parameters: params } : {}),
      responses: { default: { description: 'See the source of this route; it has no OpenAPI description yet.' } },
    };
  }
  return doc;
}

/**
 * Adds GET /v1/openapi.json and GET /v1/docs (a readable HTML reference) to the finished app.
 * Call it after every route is registered: the document is built from the app's own registry.
 */
export function registerDocs(root: Hono<AppEnv, any, any>, services: Services): void {
  // Chained `.get()` narrows the static type to Hono; the instance is still the OpenAPIHono router.
  if (!(root instanceof OpenAPIHono)) throw new TypeError('registerDocs needs the app made by createRouter()');
  const app = root as OpenAPIHono<AppEnv>;
  app.openAPIRegistry.registerComponent('securitySchemes', 'embedToken', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'A short-lived embed token (`Authorization: Bearer <token>`), minted by your backend with `POST /v1/embed-tokens`.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'A server-to-server API key (`Authorization: Bearer tl_sk_...`). Never send it to a browser.',
  });
  // Routes are fixed once the app is built, so both documents are made once, on first request.
  let json: OpenApiDocument | null = null;
  let html: string | null = null;
  const documentOnce = () => (json ??= openApiDocument(app, services));

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/openapi.json',
      tags: ['Reference'],
      summary: 'This API as an OpenAPI 3.1 document',
      responses: { 200: { description: 'The OpenAPI document', content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } } },
    }),
    (c) => c.json(documentOnce() as unknown as Record<string, unknown>, 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/docs',
      tags: ['Reference'],
      summary: 'This API reference as a web page',
      responses: { 200: { description: 'A self-contained HTML page', content: { 'text/html': { schema: z.string() } } } },
    }),
    (c) => c.html((html ??= renderReference(documentOnce()))),
  );
}
