// The real Threadline server for the widget tests: a fresh SQLite file, migrated with the committed
// migrations, the simulator carrier with fast steps and no random failures, and fixtures for every
// state the widgets must show (each readiness case, a low balance, an empty business, a long thread
// list and a long timeline). Started by web-test-runner.config.mjs; prints one line
// `READY <json>` with the base URL, tokens and ids, then serves until it is sent SIGTERM.
//
// Fixtures are written with the server's own domain functions (inbound texts through
// injectInboundSms, exactly as the dev endpoint does) and its Prisma client for the setup rows
// (brands, campaigns, numbers) that have no public write API yet.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintEmbedToken } from '@threadline/sdk/node';
import type { Role } from '@threadline/sdk';
import { loadConfig } from '../../server/src/config.ts';
import { migrate } from '../../server/src/db/migrate.ts';
import { createServices, closeServices } from '../../server/src/create-services.ts';
import { createApp } from '../../server/src/app.ts';
import { injectInboundSms } from '../../server/src/domain/messaging/simulate.ts';
import { topUp } from '../../server/src/domain/billing/index.ts';
import { CarrierError, type Carrier } from '../../server/src/carrier/index.ts';
import { createSetupFixtures } from './setup-fixtures.ts';

// @hono/node-server is the server package's dependency; resolve it from there.
const serverRequire = createRequire(new URL('../../server/package.json', import.meta.url));
const { serve } = (await import(serverRequire.resolve('@hono/node-server'))) as typeof import('@hono/node-server');

const SECRET = 'widget-tests-secret-0123456789';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'threadline-widgets-'));
const port = await freePort();
const baseUrl = `http://127.0.0.1:${port}`;
const config = loadConfig({
  DATABASE_URL: `file:${join(dir, 'test.db')}`,
  PORT: String(port),
  PUBLIC_URL: baseUrl,
  CARRIER: 'simulator',
  SIMULATOR_STEP_MS: '50',
  SIMULATOR_FAILURE_RATE: '0',
  THREADLINE_SECRET: SECRET,
  MEDIA_DIR: join(dir, 'media'),
  DEV_ENDPOINTS: '1',
  // Messaging-setup reviews: long enough to see "Pending", short enough for the tests.
  SETUP_SIMULATOR_DELAY_MS: '600',
  SETUP_POLL_INTERVAL_MS: '100',
});

await migrate(config.databaseUrl);
const services = await createServices(config);
const { db } = services;

// The carrier's network edge: recipients ending in 0007 are refused as Twilio refuses spam (30007),
// so the widgets can show a real failed send; everything else goes to the simulator.
const SPAM_FILTERED = /0007$/;
const simulator = services.carrier;
const carrier: Carrier = {
  name: simulator.name,
  sendMessage: (message) =>
    SPAM_FILTERED.test(message.to) ? Promise.reject(new CarrierError('30007', 'Carrier filtered as spam', false)) : simulator.sendMessage(message),
  fetchMedia: (url) => simulator.fetchMedia(url),
  close: () => simulator.close(),
};
services.carrier = carrier;

const token = async (businessId: string, role: Role) => (await mintEmbedToken({ secret: SECRET, businessId, userId: `tester-${role}`, role, ttlSeconds: 86_400 })).token;
const app = createApp(services);

const FIRST_NAMES = ['Ana', 'Ben', 'Carla', 'Dev', 'Elena', 'Farid', 'Grace', 'Hugo', 'Iris', 'Jon'];
const LAST_NAMES = ['Lopez', 'Nguyen', 'Okafor', 'Patel', 'Quinn', 'Rossi', 'Smith', 'Tanaka'];

async function createBusiness(name: string, balance: number) {
  const business = await db.business.create({ data: { name, balance } });
  if (balance) {
    await db.ledgerEntry.create({ data: { businessId: business.id, amount: balance, balanceAfter: balance, kind: 'top-up', description: 'Opening balance' } });
  }
  return business;
}

type NumberFixture = { e164: string; friendlyName: string; country: 'US' | 'CA'; type: 'local' | 'toll-free'; smsCapable?: boolean; callFlowId?: string; campaignId?: string; assignmentStatus?: string; tollFreeStatus?: string };

async function addNumber(businessId: string, fixture: NumberFixture) {
  return db.trackingNumber.create({ data: { businessId, ...fixture } });
}

// Acme: every readiness case of DESIGN.md on one business, plenty of balance, a long list.
const acme = await createBusiness('Acme Plumbing', 250_000);
const acmeOwner = await token(acme.id, 'owner');
const mainFlow = await db.callFlow.create({ data: { businessId: acme.id, name: 'Main IVR' } });
const spanishFlow = await db.callFlow.create({ data: { businessId: acme.id, name: 'Spanish Line' } });
await db.brand.create({ data: { businessId: acme.id, status: 'verified', data: '{}' } });
const campaign = await db.campaign.create({ data: { businessId: acme.id, status: 'approved', data: '{}' } });
const tampa = await addNumber(acme.id, {
  e164: '+18135550100', friendlyName: 'Tampa PPC', country: 'US', type: 'local', callFlowId: mainFlow.id, campaignId: campaign.id, assignmentStatus: 'assigned',
});
const billboard = await addNumber(acme.id, { e164: '+14075550101', friendlyName: 'Billboard I-4', country: 'US', type: 'local' });
const tollFree = await addNumber(acme.id, { e164: '+18885550102', friendlyName: 'Toll-free Line', country: 'US', type: 'toll-free', tollFreeStatus: 'pending_review' });
const fax = await addNumber(acme.id, { e164: '+18135550103', friendlyName: 'Legacy Fax Line', country: 'US', type: 'local', smsCapable: false });
const toronto = await addNumber(acme.id, { e164: '+14165550104', friendlyName: 'Toronto Office', country: 'CA', type: 'local', callFlowId: spanishFlow.id });

// Directory: a long list (100 threads, four pages) that only the thread-list tests touch, so
// tests running in parallel elsewhere cannot reorder it. Some contacts have saved names.
const directory = await createBusiness('Directory Co', 10_000);
const directoryOwner = await token(directory.id, 'owner');
const northFlow = await db.callFlow.create({ data: { businessId: directory.id, name: 'North Desk' } });
const southFlow = await db.callFlow.create({ data: { businessId: directory.id, name: 'South Desk' } });
const clearwater = await addNumber(directory.id, { e164: '+17275550130', friendlyName: 'Clearwater Ads', country: 'US', type: 'local', callFlowId: northFlow.id });
const ottawa = await addNumber(directory.id, { e164: '+16135550131', friendlyName: 'Ottawa Office', country: 'CA', type: 'local', callFlowId: southFlow.id });
const LIST_SIZE = 100;
// Injected a few at a time: the database serialises the writes, but the requests' own work overlaps.
async function inChunks(count: number, size: number, work: (index: number) => Promise<void>) {
  for (let start = 0; start < count; start += size) {
    await Promise.all(Array.from({ length: Math.min(size, count - start) }, (_, offset) => work(start + offset)));
  }
}
await inChunks(LIST_SIZE, 10, async (index) => {
  const from = `+1727555${String(1000 + index).padStart(4, '0')}`;
  const to = index % 5 === 0 ? ottawa.id : clearwater.id;
  await injectInboundSms(services, { to, from, body: `Hello from list contact ${index}` }, directory.id);
  if (index % 3 === 0) {
    // Unique names (34 of the 80 pairs), so a search for one finds exactly one.
    const pair = index / 3;
    const name = `${FIRST_NAMES[pair % FIRST_NAMES.length]} ${LAST_NAMES[Math.floor(pair / FIRST_NAMES.length) % LAST_NAMES.length]}`;
    const contact = await db.contact.findUniqueOrThrow({ where: { businessId_e164: { businessId: directory.id, e164: from } } });
    // Through the API, so the server keeps its search index of names as it does for users.
    const response = await app.request(`/v1/contacts/${contact.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${directoryOwner}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name }),
    });
    if (!response.ok) throw new Error(`Naming a contact failed: ${response.status} ${await response.text()}`);
  }
});

// A long timeline: 70 texts from one contact over the last three days, an hour apart (the server
// pages timelines backwards; the days give separators).
const longThreadContact = '+17275559000';
let longThreadId = '';
const LONG_THREAD_SIZE = 70;
for (let index = 0; index < LONG_THREAD_SIZE; index++) {
  const message = await injectInboundSms(services, { to: tampa.id, from: longThreadContact, body: `Timeline message ${index}` }, acme.id);
  longThreadId = message.threadId;
  await db.message.update({ where: { id: message.id }, data: { createdAt: new Date(Date.now() - (LONG_THREAD_SIZE - index) * 3_600_000) } });
}

// Brandless: a US number before any 10DLC step, a Canadian number that may send, two cents left.
const brandless = await createBusiness('Brandless Co', 2);
const downtown = await addNumber(brandless.id, { e164: '+12125550110', friendlyName: 'Downtown', country: 'US', type: 'local' });
const montreal = await addNumber(brandless.id, { e164: '+15145550111', friendlyName: 'Montreal', country: 'CA', type: 'local' });

// Top-up: two cents and a Canadian number that may send, topped up by the composer's live test
// alone (through the fixture hook below), so the other low-balance tests keep their two cents.
const topUpBusiness = await createBusiness('Top-up Co', 2);
const topUpNumber = await addNumber(topUpBusiness.id, { e164: '+15145550112', friendlyName: 'Laval', country: 'CA', type: 'local' });

// Solo: exactly one thread (a list of one page, with nothing more to load).
const solo = await createBusiness('Solo Co', 1_000);
const soloNumber = await addNumber(solo.id, { e164: '+16045550121', friendlyName: 'Whistler', country: 'CA', type: 'local' });
await injectInboundSms(services, { to: soloNumber.id, from: '+16045550999', body: 'Only thread' }, solo.id);

// Quiet: nothing has happened yet.
const quiet = await createBusiness('Quiet Co', 1_000);
const quietNumber = await addNumber(quiet.id, { e164: '+16045550120', friendlyName: 'Vancouver', country: 'CA', type: 'local' });

// Messaging setup: businesses at each stage for tl-messaging-setup, and the setup poller.
const setup = await createSetupFixtures(services, token);


// Chromium keeps at most six connections per host, and every client on a test page holds one
// open for live events; with several pages at once the requests would queue behind the streams.
// The same server therefore also answers on more loopback addresses, one handed to each page.
const HOSTS = ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6', '127.0.0.7', '127.0.0.8'];
// A fixture hook with no public API behind it: an operator top-up (the CLI's), so a test can
// watch a live `balance.updated` reach the widgets. Only for the business made for it. A bare POST
// is a CORS "simple" request, so the page needs no preflight; the header lets it read the answer.
const TOP_UP_PATH = '/__fixtures__/top-up';
async function handle(request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (url.pathname !== TOP_UP_PATH) return app.fetch(request);
  const headers = { 'access-control-allow-origin': '*', 'content-type': 'application/json' };
  const amount = Number(url.searchParams.get('amount'));
  if (request.method !== 'POST' || url.searchParams.get('businessId') !== topUpBusiness.id) return new Response('{"error":"not allowed"}', { status: 403, headers });
  const balance = await topUp(services, { businessId: topUpBusiness.id, amount, description: 'Widget test top-up' });
  return new Response(JSON.stringify(balance), { status: 200, headers });
}
const servers = HOSTS.map((hostname) => serve({ fetch: handle, port, hostname }));

const fixtures = {
  baseUrl,
  baseUrls: HOSTS.map((host) => `http://${host}:${port}`),
  acme: {
    businessId: acme.id,
    ownerToken: acmeOwner,
    viewerToken: await token(acme.id, 'viewer'),
    numbers: { tampa: tampa.id, billboard: billboard.id, tollFree: tollFree.id, fax: fax.id, toronto: toronto.id },
    numberE164: { tampa: tampa.e164, billboard: billboard.e164, tollFree: tollFree.e164, fax: fax.e164, toronto: toronto.e164 },
    callFlows: { main: mainFlow.id, spanish: spanishFlow.id },
    longThread: { id: longThreadId, contact: longThreadContact, size: LONG_THREAD_SIZE },
    spamFilteredSuffix: '0007',
  },
  directory: {
    businessId: directory.id,
    ownerToken: directoryOwner,
    numbers: { clearwater: clearwater.id, ottawa: ottawa.id },
    callFlows: { north: northFlow.id, south: southFlow.id },
    listSize: LIST_SIZE,
  },
  brandless: {
    businessId: brandless.id,
    ownerToken: await token(brandless.id, 'owner'),
    numbers: { downtown: downtown.id, montreal: montreal.id },
    numberE164: { downtown: downtown.e164, montreal: montreal.e164 },
  },
  topUp: {
    businessId: topUpBusiness.id,
    ownerToken: await token(topUpBusiness.id, 'owner'),
    numbers: { laval: topUpNumber.id },
    path: TOP_UP_PATH,
  },
  quiet: { businessId: quiet.id, ownerToken: await token(quiet.id, 'owner'), numbers: { vancouver: quietNumber.id } },
  solo: { businessId: solo.id, ownerToken: await token(solo.id, 'owner') },
  setup: setup.fixtures,
};
process.stdout.write(`READY ${JSON.stringify(fixtures)}\n`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  for (const server of servers) server.close();
  await setup.stop();
  await closeServices(services);
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// The runner may die without signalling: stop with our parent.
process.stdin.on('end', stop);
process.stdin.resume();
