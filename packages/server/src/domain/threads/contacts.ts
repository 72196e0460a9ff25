import type { Contact } from '@threadline/sdk';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../errors.ts';
import { EventBus } from '../events/index.ts';
import { contactSearchText } from './activity.ts';
import { threadInclude, toContactDto, toThreadDto } from './dto.ts';

/**
 * Saves (or clears, with null) a contact's name. The search text is rebuilt in the same write so
 * the thread is findable by the new name at once, and open inboxes get `thread.updated`.
 */
export async function renameContact(db: Db, bus: EventBus, businessId: string, contactId: string, name: string | null): Promise<Contact> {
  const saved = name?.trim() || null;
  const contact = await db.$transaction(async (tx) => {
    const existing = await tx.contact.findFirst({ where: { id: contactId, businessId } });
    if (!existing) throw notFound('Contact', contactId);
    const searchText = contactSearchText(existing.e164, saved);
    const row = await tx.contact.update({ where: { id: existing.id }, data: { name: saved, searchText } });
    // The thread keeps a copy of the search text for its list index (see Thread.searchText).
    await tx.thread.updateMany({ where: { contactId: row.id }, data: { searchText } });
    const thread = await tx.thread.findUnique({ where: { contactId: row.id }, include: threadInclude });
    if (thread) await EventBus.append(tx, businessId, 'thread.updated', toThreadDto(thread));
    return row;
  });
  bus.notify(businessId);
  return toContactDto(contact);
}
