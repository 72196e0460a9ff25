// OpenAPI shapes of tracking numbers, call flows and readiness (the SDK's types, as zod).
import { z } from '@hono/zod-openapi';

/** A call flow: the routing a tracking number belongs to. */
export const CallFlowSchema = z.object({ id: z.string(), name: z.string().openapi({ example: 'Main IVR' }) }).openapi('CallFlow');

/** Whether a number may send now, and what the user must do if not. */
export const ReadinessSchema = z
  .object({
    canSend: z.boolean(),
    state: z.enum([
      'ready', 'toll_free_pending', 'not_sms_capable', 'brand_missing', 'brand_pending', 'brand_failed', 'campaign_missing',
      'campaign_pending', 'campaign_rejected', 'number_unassigned', 'assignment_pending', 'toll_free_not_submitted', 'toll_free_rejected',
    ]),
    message: z.string().nullable().openapi({ description: 'Guidance for the user; null when ready without caveats' }),
    action: z
      .object({
        kind: z.enum(['messaging-setup', 'toll-free-verification', 'get-sms-number']),
        label: z.string().openapi({ example: 'Finish 10DLC registration' }),
        step: z.enum(['brand', 'campaign', 'assign', 'toll-free']).optional(),
      })
      .nullable(),
  })
  .openapi('Readiness');

/** A tracking number with its readiness to send. */
export const TrackingNumberSchema = z
  .object({
    id: z.string(),
    e164: z.string().openapi({ example: '+18135550100' }),
    display: z.string().openapi({ description: 'The number for people to read', example: '(813) 555-0100' }),
    friendlyName: z.string().openapi({ example: 'Tampa PPC' }),
    country: z.enum(['US', 'CA']),
    type: z.enum(['local', 'toll-free']),
    smsCapable: z.boolean(),
    callFlow: CallFlowSchema.nullable(),
    readiness: ReadinessSchema,
  })
  .openapi('TrackingNumber');

/** The short form of a tracking number inside thread rows and timeline items. */
export const TrackingNumberRefSchema = z
  .object({
    id: z.string(),
    e164: z.string().openapi({ example: '+18135550100' }),
    display: z.string().openapi({ description: 'The number for people to read', example: '(813) 555-0100' }),
    friendlyName: z.string().openapi({ example: 'Tampa PPC' }),
  })
  .openapi('TrackingNumberRef');
