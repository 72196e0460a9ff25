import type { Readiness } from '@threadline/sdk';

/** The fields of a tracking number (and its business's 10DLC state) that readiness depends on. */
export interface ReadinessInput {
  country: string;
  type: string;
  smsCapable: boolean;
  assignmentStatus: string;
  /** Why adding the number to its campaign failed (assignmentStatus "failed"). */
  assignmentError?: string | null;
  tollFreeStatus: string;
  tollFreeReason: string | null;
  /** The business's 10DLC brand status, null when there is no brand. */
  brandStatus: string | null;
  brandFailureReason?: string | null;
  /** Status of the campaign this number is assigned to, or the business's best campaign when unassigned. */
  campaignStatus: string | null;
  campaignRejectionReason?: string | null;
}

const SETUP = 'Finish 10DLC registration';

/**
 * Whether a tracking number may send now, and if not what the user must do (DESIGN.md, "Readiness").
 * Pure: the server answers every send and quote with it, and the widgets show the same text.
 */
export function readinessOf(n: ReadinessInput): Readiness {
  if (!n.smsCapable) {
    return {
      canSend: false,
      state: 'not_sms_capable',
      message: "This number can't send texts. Add an SMS-capable tracking number to text from it.",
      action: { kind: 'get-sms-number', label: 'Get an SMS number' },
    };
  }
  if (n.type === 'toll-free') {
    switch (n.tollFreeStatus) {
      case 'approved':
        return { canSend: true, state: 'ready', message: null, action: null };
      case 'pending_review':
      case 'in_review':
        return {
          canSend: true,
          state: 'toll_free_pending',
          message: 'Toll-free verification pending: messages may not deliver until approval completes.',
          action: { kind: 'toll-free-verification', label: 'View verification status', step: 'toll-free' },
        };
      case 'rejected':
        return {
          canSend: false,
          state: 'toll_free_rejected',
          message: `Toll-free verification was rejected${n.tollFreeReason ? `: ${n.tollFreeReason}` : ''}. Fix the form and resubmit.`,
          action: { kind: 'toll-free-verification', label: 'Fix and resubmit verification', step: 'toll-free' },
        };
      default:
        return {
          canSend: false,
          state: 'toll_free_not_submitted',
          message: 'This toll-free number needs verification before it can text. Submit the toll-free verification form.',
          action: { kind: 'toll-free-verification', label: 'Submit toll-free verification', step: 'toll-free' },
        };
    }
  }
  // Canadian local numbers are SMS-enabled at purchase: no 10DLC.
  if (n.country === 'CA') return { canSend: true, state: 'ready', message: null, action: null };

  if (n.assignmentStatus === 'assigned' && n.campaignStatus === 'approved') {
    return { canSend: true, state: 'ready', message: null, action: null };
  }
  const step = (state: Readiness['state'], message: string, stepName: 'brand' | 'campaign' | 'assign'): Readiness => ({
    canSend: false,
    state,
    message,
    action: { kind: 'messaging-setup', label: SETUP, step: stepName },
  });
  if (!n.brandStatus || n.brandStatus === 'draft') {
    return step('brand_missing', 'US carriers require 10DLC registration. Step 1 of 3: register your brand.', 'brand');
  }
  if (n.brandStatus === 'pending') {
    return step('brand_pending', 'Your 10DLC brand is being verified. Step 2 (campaign) opens when it is verified.', 'brand');
  }
  if (n.brandStatus === 'failed') {
    return step('brand_failed', `10DLC brand verification failed${n.brandFailureReason ? `: ${n.brandFailureReason}` : ''}. Fix the brand and resubmit.`, 'brand');
  }
  if (!n.campaignStatus || n.campaignStatus === 'draft') {
    return step('campaign_missing', '10DLC step 2 of 3: register a messaging campaign.', 'campaign');
  }
  if (n.campaignStatus === 'pending') {
    return step('campaign_pending', 'Your 10DLC campaign is under review. Numbers can be assigned once it is approved.', 'campaign');
  }
  if (n.campaignStatus === 'rejected') {
    return step('campaign_rejected', `Your 10DLC campaign was rejected${n.campaignRejectionReason ? `: ${n.campaignRejectionReason}` : ''}. Fix it and resubmit.`, 'campaign');
  }
  if (n.assignmentStatus === 'pending') {
    return step('assignment_pending', 'This number is being added to your approved 10DLC campaign.', 'assign');
  }
  if (n.assignmentStatus === 'failed') {
    return step('number_unassigned', `Adding this number to your 10DLC campaign failed${n.assignmentError ? `: ${n.assignmentError}` : ''}. Assign it again.`, 'assign');
  }
  return step('number_unassigned', '10DLC step 3 of 3: assign this number to your approved campaign.', 'assign');
}
