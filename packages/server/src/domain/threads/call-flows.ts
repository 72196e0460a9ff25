import type { CallFlow } from '@threadline/sdk';
import type { Db } from '../../db/client.ts';

/** A business's call flows by name, for the thread list's call-flow filter. */
export async function listCallFlows(db: Db, businessId: string): Promise<CallFlow[]> {
  return db.callFlow.findMany({ where: { businessId }, select: { id: true, name: true }, orderBy: [{ name: 'asc' }, { id: 'asc' }] });
}
