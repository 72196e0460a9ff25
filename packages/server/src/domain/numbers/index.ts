import type { Readiness, TrackingNumber } from '@threadline/sdk';
import type { Db, Prisma } from '../../db/client.ts';
import { invalid } from '../../errors.ts';
import { readinessOf } from '../compliance/readiness.ts';
import { displayNumber } from './display.ts';

const numberInclude = { callFlow: true, campaign: true } satisfies Prisma.TrackingNumberInclude;
type NumberRow = Prisma.TrackingNumberGetPayload<{ include: typeof numberInclude }>;

/** A tracking number with its readiness to send. */
export interface NumberWithReadiness {
  row: NumberRow;
  readiness: Readiness;
}

const CAMPAIGN_RANK: Record<string, number> = { approved: 3, pending: 2, rejected: 1, draft: 0 };

/** Loads a business's brand and best campaign once, for the readiness of many numbers. */
async function tenDlcState(db: Db, businessId: string) {
  const [brand, campaigns] = await Promise.all([
    db.brand.findUnique({ where: { businessId }, select: { status: true, failureReason: true } }),
    db.campaign.findMany({ where: { businessId }, select: { id: true, status: true, rejectionReason: true } }),
  ]);
  const best = campaigns.sort((a, b) => (CAMPAIGN_RANK[b.status] ?? 0) - (CAMPAIGN_RANK[a.status] ?? 0))[0] ?? null;
  return { brand, best };
}

/** Numbers of a business (optionally filtered) with readiness, in a stable order. */
export async function numbersWithReadiness(
  db: Db,
  businessId: string,
  where: Prisma.TrackingNumberWhereInput = {},
): Promise<NumberWithReadiness[]> {
  const [rows, state] = await Promise.all([
    db.trackingNumber.findMany({ where: { ...where, businessId }, include: numberInclude, orderBy: [{ friendlyName: 'asc' }, { id: 'asc' }] }),
    tenDlcState(db, businessId),
  ]);
  return rows.map((row) => {
    // An assigned number follows its own campaign; an unassigned one shows the business's next step.
    const campaign = row.campaign ?? state.best;
    return {
      row,
      readiness: readinessOf({
        country: row.country,
        type: row.type,
        smsCapable: row.smsCapable,
        assignmentStatus: row.assignmentStatus,
        assignmentError: row.assignmentError,
        tollFreeStatus: row.tollFreeStatus,
        tollFreeReason: row.tollFreeReason,
        brandStatus: state.brand?.status ?? null,
        brandFailureReason: state.brand?.failureReason ?? null,
        campaignStatus: campaign?.status ?? null,
        campaignRejectionReason: campaign?.rejectionReason ?? null,
      }),
    };
  });
}

export function toTrackingNumberDto({ row, readiness }: NumberWithReadiness): TrackingNumber {
  return {
    id: row.id,
    e164: row.e164,
    display: displayNumber(row.e164),
    friendlyName: row.friendlyName,
    country: row.country as TrackingNumber['country'],
    type: row.type as TrackingNumber['type'],
    smsCapable: row.smsCapable,
    callFlow: row.callFlow ? { id: row.callFlow.id, name: row.callFlow.name } : null,
    readiness,
  };
}

/**
 * The business's tracking number named by a send's `from` (its id or its E.164 number).
 * Another business's number is reported exactly like a missing one.
 */
export async function sendingNumber(db: Db, businessId: string, from: string): Promise<NumberWithReadiness> {
  const where = from.startsWith('+') ? { e164: from } : { id: from };
  const [found] = await numbersWithReadiness(db, businessId, where);
  if (!found) throw invalid('from', `"from" is not one of this business's tracking numbers: ${from}`);
  return found;
}
