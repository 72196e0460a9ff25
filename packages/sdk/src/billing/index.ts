import type { Http } from '../http.ts';
import type { Balance, LedgerEntry, Page } from '../types.ts';

/** Prepaid balance and its ledger (integer cents). */
export interface BillingManager {
  balance(): Promise<Balance>;
  /** One page of ledger entries, newest first. */
  ledger(query?: { cursor?: string; limit?: number }): Promise<Page<LedgerEntry>>;
}

/** Creates `client.billing`. */
export function createBillingManager(http: Http): BillingManager {
  return {
    balance: () => http.request('GET', '/v1/billing/balance'),
    ledger: (query = {}) => http.request('GET', '/v1/billing/ledger', { query: { ...query } }),
  };
}
