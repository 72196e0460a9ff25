import type { Http } from '../http.ts';
import type { Contact } from '../types.ts';

/** Contacts (the other party of a thread). */
export interface ContactsManager {
  /** Saves a contact's display name; null clears it. */
  update(contactId: string, changes: { name: string | null }): Promise<Contact>;
}

/** Creates `client.contacts`. */
export function createContactsManager(http: Http): ContactsManager {
  return { update: (contactId, changes) => http.request('PATCH', `/v1/contacts/${encodeURIComponent(contactId)}`, { body: changes }) };
}
