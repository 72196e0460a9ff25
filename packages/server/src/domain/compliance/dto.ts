import type { Brand, BrandStatus, Campaign, CampaignStatus, NumberRegistration, SetupNumber, TollFreeStatus, AssignmentStatus } from '@threadline/sdk';
import type { Prisma } from '../../db/client.ts';
import { toTrackingNumberDto, type NumberWithReadiness } from '../numbers/index.ts';

/** What a Campaign row is loaded with for its DTO: the numbers in it. */
export const campaignInclude = {
  trackingNumbers: { where: { assignmentStatus: { in: ['pending', 'assigned'] } }, select: { id: true }, orderBy: { id: 'asc' } },
} satisfies Prisma.CampaignInclude;

type BrandRow = Prisma.BrandGetPayload<object>;
type CampaignRow = Prisma.CampaignGetPayload<{ include: typeof campaignInclude }>;

/** The message a Canadian local number shows in setup. */
export const NO_REGISTRATION_MESSAGE = 'Canadian local numbers can text as soon as they are bought: no registration needed.';

function parseForm<T>(text: string | null): T | null {
  return text ? (JSON.parse(text) as T) : null;
}

/** Whether a brand's form may be changed: until it is submitted, and again once it failed. */
export function brandEditable(status: string): boolean {
  return status === 'draft' || status === 'failed';
}

/** Whether a campaign's form may be changed: until it is submitted, and again once it was rejected. */
export function campaignEditable(status: string): boolean {
  return status === 'draft' || status === 'rejected';
}

/** Whether a toll-free form may be changed and (re)submitted: never sent, or rejected with edits allowed. */
export function tollFreeEditable(status: string, carrierAllowsEdit: boolean): boolean {
  return status === 'not_submitted' || (status === 'rejected' && carrierAllowsEdit);
}

/** The API shape of a Brand row. */
export function toBrandDto(row: BrandRow): Brand {
  return {
    id: row.id,
    status: row.status as BrandStatus,
    failureReason: row.failureReason,
    form: parseForm(row.data) ?? {},
    editable: brandEditable(row.status),
    submittedBy: row.submittedBy,
    submittedAt: row.submittedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The API shape of a Campaign row (loaded with `campaignInclude`). */
export function toCampaignDto(row: CampaignRow): Campaign {
  return {
    id: row.id,
    status: row.status as CampaignStatus,
    rejectionReason: row.rejectionReason,
    form: parseForm(row.data) ?? {},
    editable: campaignEditable(row.status),
    trackingNumberIds: row.trackingNumbers.map((number) => number.id),
    submittedBy: row.submittedBy,
    submittedAt: row.submittedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Which registration a number needs, and where it stands. */
export function registrationOf(row: NumberWithReadiness['row']): NumberRegistration {
  if (row.type === 'toll-free') {
    return {
      kind: 'toll-free',
      status: row.tollFreeStatus as TollFreeStatus,
      reason: row.tollFreeReason,
      editable: tollFreeEditable(row.tollFreeStatus, row.tollFreeEditable),
      form: parseForm(row.tollFreeData),
    };
  }
  if (row.country === 'CA') return { kind: 'none', message: NO_REGISTRATION_MESSAGE };
  return {
    kind: 'ten-dlc',
    campaignId: row.campaignId,
    status: row.assignmentStatus as AssignmentStatus,
    error: row.assignmentError,
  };
}

/** The API shape of a tracking number in messaging setup. */
export function toSetupNumberDto(number: NumberWithReadiness): SetupNumber {
  return { ...toTrackingNumberDto(number), registration: registrationOf(number.row) };
}
