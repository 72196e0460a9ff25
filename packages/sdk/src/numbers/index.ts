import type { Http } from '../http.ts';
import type { CallFlow, TrackingNumber } from '../types.ts';

/** The business's tracking numbers, each with its send readiness. */
export interface NumbersManager {
  list(): Promise<TrackingNumber[]>;
}

/** The business's call flows (thread filters). */
export interface CallFlowsManager {
  list(): Promise<CallFlow[]>;
}

/** Creates `client.numbers`. */
export function createNumbersManager(http: Http): NumbersManager {
  return { list: async () => (await http.request<{ items: TrackingNumber[] }>('GET', '/v1/numbers')).items };
}

/** Creates `client.callFlows`. */
export function createCallFlowsManager(http: Http): CallFlowsManager {
  return { list: async () => (await http.request<{ items: CallFlow[] }>('GET', '/v1/call-flows')).items };
}
