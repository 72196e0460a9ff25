// PATCH /v1/contacts/:id: saves or clears a name, makes it searchable at once, logs
// thread.updated; viewers are refused; another business's contact is a 404.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { Contact, Page, Thread } from '@threadline/sdk';
import { createApp } from '../../app.ts';
import { closeServices, createServices } from '../../create-services.ts';
import { addMessage } from '../../domain/threads/test-fixtures.ts';
import { createTestDatabase, seedBusiness, testConfig, tokenFor } from '../../testing/harness.ts';

const database = await createTestDatabase();
const config = testConfig(database.url);
const services = await createServices(config, { worker: false });
const app = createApp(services);
const a = await seedBusiness(database.url, 'Acme Plumbing');
const b = await seedBusiness(database.url, 'Beta Dental');
const manager = await tokenFor(config, a.businessId, 'manager');
const viewer = await tokenFor(config, a.businessId, 'viewer');
const ownerB = await tokenFor(config, b.businessId, 'owner');
const { contactId, threadId } = await addMessage(services.db, {
  businessId: a.businessId, trackingNumberId: a.usNumberId, contact: '+13215550177', at: new Date('2026-08-01T12:00:00Z'),
});

after(async () => {
  await closeServices(services);
  await database.drop();
});

function patch(id: string, body: unknown, token = manager) {
  return app.request(`/v1/contacts/${id}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
async function search(q: string): Promise<string[]> {
  const response = await app.request(`/v1/threads?q=${encodeURIComponent(q)}`, { headers: { authorization: `Bearer ${viewer}` } });
  return ((await response.json()) as Page<Thread>).items.map((t) => t.id);
}

test('saves a name, trims it, makes the thread findable by it and tells open inboxes', async () => {
  const before = await services.bus.latestId(a.businessId);
  assert.deepEqual(await search('rosa'), []);
  const response = await patch(contactId, { name: '  Rosa Díaz ' });
  assert.equal(response.status, 200);
  const contact = (await response.json()) as Contact;
  assert.deepEqual(contact, { id: contactId, e164: '+13215550177', display: '(321) 555-0177', name: 'Rosa Díaz', optedOut: false, optedOutAt: null });
  assert.deepEqual(await search('rosa'), [threadId]);
  assert.deepEqual(await search('DÍAZ'), [threadId]);
  assert.deepEqual(await search('321 555'), [threadId], 'the number still matches');
  const events = await services.bus.since(a.businessId, before);
  assert.deepEqual(events.map((e) => e.type), ['thread.updated']);
  assert.equal((events[0]!.data as Thread).contact.name, 'Rosa Díaz');
});

test('null or an empty string clears the name, and the old name no longer matches', async () => {
  await patch(contactId, { name: 'Temp Name' });
  const cleared = (await (await patch(contactId, { name: null })).json()) as Contact;
  assert.equal(cleared.name, null);
  assert.deepEqual(await search('temp'), []);
  await patch(contactId, { name: 'Again' });
  assert.equal(((await (await patch(contactId, { name: '   ' })).json()) as Contact).name, null);
});

test('refuses bad input with 422 naming the field, storing nothing', async () => {
  await patch(contactId, { name: 'Kept' });
  for (const [body, field] of [
    [{ name: 'x'.repeat(101) }, 'name'],
    [{ name: 42 }, 'name'],
    [{}, 'name'],
    [{ name: 'ok', extra: true }, 'body'],
  ] as const) {
    const response = await patch(contactId, body);
    assert.equal(response.status, 422, JSON.stringify(body));
    const error = ((await response.json()) as { error: { details: { field: string } } }).error;
    if (field !== 'body') assert.equal(error.details.field, field);
  }
  assert.equal((await patch(contactId, '{not json')).status, 422);
  assert.equal((await services.db.contact.findUniqueOrThrow({ where: { id: contactId } })).name, 'Kept');
});

test('viewers may not rename; another business gets a 404', async () => {
  const refused = await patch(contactId, { name: 'Nope' }, viewer);
  assert.equal(refused.status, 403);
  assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'forbidden');
  const foreign = await patch(contactId, { name: 'Nope' }, ownerB);
  assert.equal(foreign.status, 404);
  assert.equal((await services.db.contact.findUniqueOrThrow({ where: { id: contactId } })).name, 'Kept');
});
