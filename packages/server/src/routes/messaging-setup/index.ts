import { createRoute } from '@hono/zod-openapi';
import {
  assignNumbers,
  createCampaign,
  getMessagingSetup,
  saveBrandDraft,
  saveTollFreeDraft,
  submitBrand,
  submitCampaign,
  submitTollFree,
  updateCampaign,
} from '../../domain/compliance/setup.ts';
import { embedTokenAuth, requireRole } from '../../middleware/auth/index.ts';
import type { Services } from '../../services.ts';
import { embedTokenSecurity, errorResponses } from '../docs/schema.ts';
import { createRouter } from '../router.ts';
import {
  AssignNumbersResultSchema,
  AssignNumbersSchema,
  BrandDraftSchema,
  BrandSchema,
  CampaignDraftSchema,
  CampaignParams,
  CampaignSchema,
  MessagingSetupSchema,
  SetupNumberSchema,
  TollFreeDraftSchema,
  TollFreeParams,
} from './schema.ts';

const TAGS = ['Messaging setup'];
const json = <S>(schema: S, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = <S>(schema: S) => ({ required: true, content: { 'application/json': { schema } } });

/**
 * /v1/messaging-setup: 10DLC brand, campaigns and number assignment, toll-free verification.
 * Every role reads; only owners and admins write (403 for managers and viewers).
 */
export function messagingSetupRoutes(services: Services) {
  const auth = embedTokenAuth(services);
  const admin = requireRole('admin', 'change messaging setup');

  const state = createRoute({
    method: 'get',
    path: '/v1/messaging-setup',
    tags: TAGS,
    summary: 'Everything messaging setup shows',
    description:
      'The brand, the campaigns, and every tracking number with the registration it needs: US local numbers their 10DLC assignment, ' +
      'Canadian local numbers none, toll-free numbers their verification. Changes arrive live as `setup.updated` and `number.updated` events.',
    security: embedTokenSecurity,
    middleware: [auth] as const,
    responses: { 200: json(MessagingSetupSchema, 'The setup state'), ...errorResponses(401) },
  });
  const saveBrand = createRoute({
    method: 'put',
    path: '/v1/messaging-setup/brand',
    tags: TAGS,
    summary: 'Save the brand form as a draft',
    description: 'Refused with 409 while the brand is pending or once verified; a failed brand may be fixed.',
    security: embedTokenSecurity,
    middleware: [auth, admin],
    request: { body: body(BrandDraftSchema) },
    responses: { 200: json(BrandSchema, 'The brand'), ...errorResponses(401, 403, 409, 422) },
  });
  const sendBrand = createRoute({
    method: 'post',
    path: '/v1/messaging-setup/brand/submit',
    tags: TAGS,
    summary: 'Submit the saved brand for verification',
    description: 'Draft or failed → pending, then verified or failed with a reason. 422 names the first missing or invalid field of the saved form.',
    security: embedTokenSecurity,
    middleware: [auth, admin],
    responses: { 202: json(BrandSchema, 'The brand, pending verification'), ...errorResponses(401, 403, 409, 422) },
  });
  const newCampaign = createRoute({
    method: 'post',
    path: '/v1/messaging-setup/campaigns',
    tags: TAGS,
    summary: 'Start a campaign as a draft',
    security: embedTokenSecurity,
    middleware: [auth, admin],
    request: { body: body(CampaignDraftSchema) },
    responses: { 201: json(CampaignSchema, 'The new campaign'), ...errorResponses(401, 403, 422) },
  });
  const saveCampaign = createRoute({
    method: 'put',
    path: '/v1/messaging-setup/campaigns/{campaignId}',
    tags: TAGS,
    summary: "Save a campaign's form",
    description: 'Refused with 409 while the campaign is under review or once approved; a rejected campaign may be fixed.',
    security: embedTokenSecurity,
    middleware: [auth, admin],
    request: { params: CampaignParams, body: body(CampaignDraftSchema) },
    responses: { 200: json(CampaignSchema, 'The campaign'), ...errorResponses(401, 403, 404, 409, 422) },
  });
  const sendCampaign = createRoute({
    method: 'post',
    path: '/v1/messaging-setup/campaigns/{campaignId}/submit',
    tags: TAGS,
    summary: 'Submit a saved campaign for review',
    description: 'Needs a verified brand (409 naming the step otherwise). Draft or rejected → pending, then approved or rejected with a reason.',
    security: embedTokenSecurity,
    middleware: [auth, admin],
    request: { params: CampaignParams },
    responses: { 202: json(CampaignSchema, 'The campaign, under review'), ...errorResponses(401, 403, 404, 409, 422) },
  });
  const assign = createRoute({
    method: 'post',
    path: '/v1/messaging-setup/assignments',
    tags: TAGS,
    summary: 'Assign US local numbers to an approved campaign',
    description: 'Each number goes pending, then assigned or failed on its own. Only US local, SMS-capable numbers; only an approved campaign.',
    security: embedTokenSecurity,
    middleware: [auth, admin],
    request: { body: body(AssignNumbersSchema) },
    responses: { 202: json(AssignNumbersResultSchema, 'The numbers, each with its assignment state'), ...errorResponses(401, 403, 404, 409, 422) },
  });
  const saveTollFree = createRoute({
    method: 'put',
    path: '/v1/messaging-setup/toll-free/{trackingNumberId}',
    tags: TAGS,
    summary: "Save a toll-free number's verification form",
    description: 'Only toll-free numbers. Refused with 409 while under review, once approved, or when rejected without edits allowed.',
    security: embedTokenSecurity,
    middleware: [auth, admin],
    request: { params: TollFreeParams, body: body(TollFreeDraftSchema) },
    responses: { 200: json(SetupNumberSchema, 'The number with its verification'), ...errorResponses(401, 403, 404, 409, 422) },
  });
  const sendTollFree = createRoute({
    method: 'post',
    path: '/v1/messaging-setup/toll-free/{trackingNumberId}/submit',
    tags: TAGS,
    summary: 'Submit (or resubmit) a toll-free verification',
    description: 'Not submitted, or rejected with edits allowed → pending review, then in review, approved or rejected. The number may send (with a warning) while pending.',
    security: embedTokenSecurity,
    middleware: [auth, admin],
    request: { params: TollFreeParams },
    responses: { 202: json(SetupNumberSchema, 'The number, verification pending review'), ...errorResponses(401, 403, 404, 409, 422) },
  });

  return createRouter()
    .openapi(state, async (c) => c.json(await getMessagingSetup(services, c.var.auth), 200))
    .openapi(saveBrand, async (c) => c.json(await saveBrandDraft(services, c.var.auth, c.req.valid('json')), 200))
    .openapi(sendBrand, async (c) => c.json(await submitBrand(services, c.var.auth), 202))
    .openapi(newCampaign, async (c) => c.json(await createCampaign(services, c.var.auth, c.req.valid('json')), 201))
    .openapi(saveCampaign, async (c) =>
      c.json(await updateCampaign(services, c.var.auth, c.req.valid('param').campaignId, c.req.valid('json')), 200),
    )
    .openapi(sendCampaign, async (c) => c.json(await submitCampaign(services, c.var.auth, c.req.valid('param').campaignId), 202))
    .openapi(assign, async (c) => c.json(await assignNumbers(services, c.var.auth, c.req.valid('json')), 202))
    .openapi(saveTollFree, async (c) =>
      c.json(await saveTollFreeDraft(services, c.var.auth, c.req.valid('param').trackingNumberId, c.req.valid('json')), 200),
    )
    .openapi(sendTollFree, async (c) =>
      c.json(await submitTollFree(services, c.var.auth, c.req.valid('param').trackingNumberId), 202),
    );
}
