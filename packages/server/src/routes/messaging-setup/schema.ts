// OpenAPI shapes of messaging setup: the request forms (the domain's validators, named) and the
// SDK's Brand / Campaign / SetupNumber / MessagingSetup types as zod.
import { z } from '@hono/zod-openapi';
import {
  assignNumbersSchema,
  brandDraftSchema,
  campaignDraftSchema,
  tollFreeDraftSchema,
} from '../../domain/compliance/schemas.ts';
import { TrackingNumberSchema } from '../numbers/schema.ts';

/** PUT /v1/messaging-setup/brand body. */
export const BrandDraftSchema = brandDraftSchema.openapi('BrandDraft', {
  description: 'The brand form. Any field may be missing in a draft; every given field must be valid. Submitting needs them all.',
});
/** POST /v1/messaging-setup/campaigns and PUT .../campaigns/{campaignId} body. */
export const CampaignDraftSchema = campaignDraftSchema.openapi('CampaignDraft', {
  description: 'The campaign form. Any field may be missing in a draft; every given field must be valid.',
});
/** PUT /v1/messaging-setup/toll-free/{trackingNumberId} body. */
export const TollFreeDraftSchema = tollFreeDraftSchema.openapi('TollFreeDraft', {
  description: 'The toll-free verification form. Any field may be missing in a draft; every given field must be valid.',
});
/** POST /v1/messaging-setup/assignments body. */
export const AssignNumbersSchema = assignNumbersSchema.openapi('AssignNumbersInput');

const formObject = z.record(z.string(), z.unknown());

/** The business's 10DLC brand registration. */
export const BrandSchema = z
  .object({
    id: z.string(),
    status: z.enum(['draft', 'pending', 'verified', 'failed']),
    failureReason: z.string().nullable().openapi({ example: 'EIN does not match legal name' }),
    form: formObject.openapi({ description: 'The saved brand form (see BrandDraft)' }),
    editable: z.boolean().openapi({ description: 'Drafts and failed brands may be changed' }),
    submittedBy: z.string().nullable(),
    submittedAt: z.string().nullable(),
    updatedAt: z.string(),
  })
  .openapi('Brand');

/** A 10DLC campaign. */
export const CampaignSchema = z
  .object({
    id: z.string(),
    status: z.enum(['draft', 'pending', 'approved', 'rejected']),
    rejectionReason: z.string().nullable(),
    form: formObject.openapi({ description: 'The saved campaign form (see CampaignDraft)' }),
    editable: z.boolean().openapi({ description: 'Drafts and rejected campaigns may be changed' }),
    trackingNumberIds: z.array(z.string()).openapi({ description: 'Numbers assigned or being assigned to it' }),
    submittedBy: z.string().nullable(),
    submittedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Campaign');

/** Which registration a number needs and where it stands. */
export const NumberRegistrationSchema = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('ten-dlc'),
      campaignId: z.string().nullable(),
      status: z.enum(['unassigned', 'pending', 'assigned', 'failed']),
      error: z.string().nullable(),
    }),
    z.object({ kind: z.literal('none'), message: z.string() }),
    z.object({
      kind: z.literal('toll-free'),
      status: z.enum(['not_submitted', 'pending_review', 'in_review', 'approved', 'rejected']),
      reason: z.string().nullable(),
      editable: z.boolean(),
      form: formObject.nullable(),
    }),
  ])
  .openapi('NumberRegistration');

/** A tracking number in messaging setup. */
export const SetupNumberSchema = TrackingNumberSchema.extend({ registration: NumberRegistrationSchema }).openapi('SetupNumber');

/** GET /v1/messaging-setup. */
export const MessagingSetupSchema = z
  .object({
    brand: BrandSchema.nullable(),
    campaigns: z.array(CampaignSchema),
    numbers: z.array(SetupNumberSchema),
    canEdit: z.boolean().openapi({ description: 'Owners and admins may change setup; managers and viewers read it' }),
  })
  .openapi('MessagingSetup');

/** The numbers an assignment touched. */
export const AssignNumbersResultSchema = z.object({ numbers: z.array(SetupNumberSchema) }).openapi('AssignNumbersResult');

/** Path parameter of a campaign. */
export const CampaignParams = z.object({
  campaignId: z.string().min(1).openapi({ param: { name: 'campaignId', in: 'path' } }),
});

/** Path parameter of a toll-free number. */
export const TollFreeParams = z.object({
  trackingNumberId: z.string().min(1).openapi({ param: { name: 'trackingNumberId', in: 'path' } }),
});
