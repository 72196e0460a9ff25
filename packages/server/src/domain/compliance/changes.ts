import type { LiveEventMap } from '@threadline/sdk';
import type { Db } from '../../db/client.ts';
import { EventBus } from '../events/index.ts';
import { numbersWithReadiness, toTrackingNumberDto } from '../numbers/index.ts';
import type { Tx } from '../threads/activity.ts';
import type { Services } from '../../services.ts';

/** One `setup.updated` event: which setup item changed and its status now. */
export type SetupChange = LiveEventMap['setup.updated'];

/** What a setup change reports back: its result and the setup items it changed. */
export interface ChangeOutcome<T> {
  result: T;
  changes: SetupChange[];
}

// numbersWithReadiness is typed for the client but only reads model delegates, which a
// transaction client has too; reading inside the transaction sees the change before it commits.
function readiness(tx: Tx, businessId: string) {
  return numbersWithReadiness(tx as unknown as Db, businessId);
}

/**
 * Runs a messaging-setup change in one transaction and logs its events in it: `setup.updated` for
 * each changed item and `number.updated` for every tracking number whose readiness moved (a brand
 * verified, a campaign approved, a number assigned...), so GET /v1/numbers and open composers follow
 * without a reload. Streams are woken after the commit.
 */
export async function applySetupChange<T>(
  services: Pick<Services, 'db' | 'bus'>,
  businessId: string,
  run: (tx: Tx) => Promise<ChangeOutcome<T>>,
): Promise<T> {
  let logged = false;
  const result = await services.db.$transaction(async (tx) => {
    const before = new Map((await readiness(tx, businessId)).map((number) => [number.row.id, JSON.stringify(number.readiness)]));
    const outcome = await run(tx);
    if (!outcome.changes.length) return outcome.result;
    for (const change of outcome.changes) await EventBus.append(tx, businessId, 'setup.updated', change);
    for (const number of await readiness(tx, businessId)) {
      if (before.get(number.row.id) !== JSON.stringify(number.readiness)) {
        await EventBus.append(tx, businessId, 'number.updated', toTrackingNumberDto(number));
      }
    }
    logged = true;
    return outcome.result;
  });
  if (logged) services.bus.notify(businessId);
  return result;
}
