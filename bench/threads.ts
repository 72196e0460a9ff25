// Thread-list, search, timeline and inbound-webhook speed on SQLite at scale:
//   pnpm bench            (root)  or  pnpm --filter @threadline/server bench
// Builds one business with 100,000 threads and 1,000,000 timeline events (messages and calls over
// 90 days) in a fresh SQLite file, then times requests through the real app (app.request, real
// auth, real queries) and prints p50/p95 against the targets.
// Environment: BENCH_THREADS, BENCH_EVENTS, BENCH_SAMPLES to scale; BENCH_KEEP=1 keeps the file;
// BENCH_WEBHOOKS sets the webhook count (0 skips them); BENCH_ONLY=webhooks skips the read timings.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp } from '../packages/server/src/app.ts';
import { closeServices, createServices } from '../packages/server/src/create-services.ts';
import { migrate } from '../packages/server/src/db/migrate.ts';
import { seededRandom } from '../packages/server/src/domain/demo/random.ts';
import { activityDay, contactSearchText } from '../packages/server/src/domain/threads/activity.ts';
import { testConfig, tokenFor } from '../packages/server/src/testing/harness.ts';

// better-sqlite3 and twilio are the server package's dependencies; resolve them from there (the
// bench folder has no node_modules), typed by the little of them used here.
interface Statement { run(...values: unknown[]): unknown }
interface SqliteDatabase {
  prepare(sql: string): Statement;
  pragma(pragma: string): unknown;
  transaction<A extends unknown[]>(work: (...args: A) => void): (...args: A) => void;
  close(): void;
}
const serverRequire = createRequire(new URL('../packages/server/package.json', import.meta.url));
const Database = serverRequire('better-sqlite3') as new (path: string) => SqliteDatabase;
const twilio = serverRequire('twilio') as { getExpectedTwilioSignature(authToken: string, url: string, params: Record<string, string>): string };

const THREADS = Number(process.env.BENCH_THREADS ?? 100_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);
const DAY = 86_400_000;

// Deterministic data: the same file every run, so numbers are comparable between runs.
const random = seededRandom(42);
const pick = random.pick;
const newId = random.id;
/** Prisma's SQLite adapter stores DateTime as ISO-8601 text with "+00:00". */
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

const FIRST = ['Maria', 'James', 'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Sofia', 'Lucas', 'Mia', 'Ethan', 'Chloe', 'Mateo', 'Grace', 'Daniel'];
const LAST = ['Lopez', 'Smith', 'Nguyen', 'Patel', 'Johnson', 'Garcia', 'Brown', 'Kim', 'Rossi', 'Okafor', 'Martin', 'Davis', 'Wilson'];
const AREA = ['813', '727', '941', '407', '352', '904', '305', '416', '647', '212'];
const TEXTS = ['Hi, do you have any openings this week?', 'Thanks! See you then.', 'Can I move my appointment to Friday?', 'What time do you close today?', 'Running 10 minutes late, sorry!', 'Yes that works', 'Is parking available?'];

async function build(url: string, path: string) {
  const started = performance.now();
  await migrate(url);
  const db = new Database(path);
  db.pragma('synchronous = OFF'); // the bulk load only; the server opens the file with its own settings
  const now = Date.now();
  const businessId = newId();
  db.prepare(`INSERT INTO "Business" ("id","name","balance","currency","createdAt") VALUES (?,?,?,?,?)`).run(businessId, 'Bench Dental', 2_500_000, 'USD', iso(now - 120 * DAY));
  const flows = ['Main IVR', 'Paid search', 'Offline'].map((name) => ({ id: newId(), name }));
  for (const flow of flows) db.prepare(`INSERT INTO "CallFlow" ("id","businessId","name","createdAt") VALUES (?,?,?,?)`).run(flow.id, businessId, flow.name, iso(now));
  const numbers = Array.from({ length: 8 }, (_, i) => ({ id: newId(), e164: `+1813555${String(100 + i).padStart(4, '0')}`, flowId: flows[i % 3]!.id }));
  for (const [i, number] of numbers.entries()) {
    db.prepare(
      `INSERT INTO "TrackingNumber" ("id","businessId","e164","friendlyName","country","type","smsCapable","callFlowId","assignmentStatus","tollFreeStatus","tollFreeEditable","createdAt") VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
    ).run(number.id, businessId, number.e164, `Number ${i + 1}`, 'US', 'local', 1, number.flowId, 'assigned', 'not_submitted', 1, iso(now));
  }

  // How many events each thread gets: exponential around the mean, one long thread for the timeline.
  const counts = Array.from({ length: THREADS }, () => 1 + Math.floor(-Math.log(1 - random.next()) * (EVENTS / THREADS - 1)));
  counts[0] = 2000;
  let total = counts.reduce((sum, n) => sum + n, 0);
  for (let i = 1; total !== EVENTS; i = (i % (THREADS - 1)) + 1) {
    if (total < EVENTS) { counts[i]! += 1; total += 1; }
    else if (counts[i]! > 1) { counts[i]! -= 1; total -= 1; }
  }

  const insertContact = db.prepare(`INSERT INTO "Contact" ("id","businessId","e164","name","searchText","optedOut","createdAt","updatedAt") VALUES (?,?,?,?,?,0,?,?)`);
  const insertThread = db.prepare(
    `INSERT INTO "Thread" ("id","businessId","contactId","firstActivityAt","firstActivityDay","lastActivityAt","previewKind","previewText","previewDirection","unreadCount","searchText","createdAt") VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
  );
  const insertLink = db.prepare(`INSERT INTO "ThreadNumber" ("threadId","trackingNumberId","firstActivityAt","lastActivityAt") VALUES (?,?,?,?)`);
  const insertMessage = db.prepare(
    `INSERT INTO "Message" ("id","businessId","threadId","trackingNumberId","direction","from","to","body","encoding","segments","status","carrierSid","cost","attempts","createdAt","updatedAt") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,0,?,?)`,
  );
  const insertCall = db.prepare(
    `INSERT INTO "Call" ("id","businessId","threadId","trackingNumberId","direction","from","to","status","durationSeconds","carrierSid","startedAt","createdAt","updatedAt") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  );
  const used = new Set<string>();
  const sample = { threadId: '', longThreadId: '', contactDigits: '', name: '' };
  const load = db.transaction((from: number, to: number) => {
    for (let t = from; t < to; t++) {
      let e164: string;
      do e164 = `+1${pick(AREA)}${String(2_000_000 + Math.floor(random.next() * 7_999_999))}`;
      while (used.has(e164));
      used.add(e164);
      const name = random.next() < 0.3 ? `${pick(FIRST)} ${pick(LAST)}` : null;
      const contactId = newId();
      const threadId = newId();
      const last = Math.round(now - random.next() * 90 * DAY); // whole ms, as stored
      const span = Math.min(last - (now - 90 * DAY), random.next() * 30 * DAY);
      const threadNumbers = random.next() < 0.8 ? [pick(numbers)] : [pick(numbers), pick(numbers)];
      // First and last event per number, as recordActivity keeps them.
      const linkFirst = new Map<string, number>();
      const linkLast = new Map<string, number>();
      let unread = 0;
      let preview = { kind: 'sms', text: '', direction: 'inbound' };
      const n = counts[t]!;
      const rows: (() => void)[] = [];
      for (let e = 0; e < n; e++) {
        const at = Math.round(e === n - 1 ? last : last - span * random.next());
        const number = threadNumbers[e % threadNumbers.length]!;
        linkFirst.set(number.id, Math.min(linkFirst.get(number.id) ?? Infinity, at));
        linkLast.set(number.id, Math.max(linkLast.get(number.id) ?? 0, at));
        const inbound = random.next() < 0.55;
        if (random.next() < 0.8) {
          const body = pick(TEXTS);
          const values = [newId(), businessId, threadId, number.id, inbound ? 'inbound' : 'outbound', inbound ? e164 : number.e164, inbound ? number.e164 : e164, body, 'GSM-7', 1, inbound ? 'received' : 'delivered', `SM${newId()}`, 1, iso(at), iso(at)];
          rows.push(() => insertMessage.run(...values));
          if (at === last) preview = { kind: 'sms', text: body, direction: inbound ? 'inbound' : 'outbound' };
        } else {
          const status = pick(['answered', 'answered', 'missed', 'voicemail']);
          const values = [newId(), businessId, threadId, number.id, 'inbound', e164, number.e164, status, status === 'answered' ? 30 + Math.floor(random.next() * 400) : 0, `CA${newId()}`, iso(at), iso(at), iso(at)];
          rows.push(() => insertCall.run(...values));
          if (at === last) preview = { kind: 'call', text: status === 'missed' ? 'Missed call' : 'Call', direction: 'inbound' };
        }
        if (inbound && e >= n - 2 && random.next() < 0.3) unread += 1;
      }
      // Parents first: the foreign keys stay on, as in the real database.
      const searchText = contactSearchText(e164, name);
      insertContact.run(contactId, businessId, e164, name, searchText, iso(now - 100 * DAY), iso(now - 100 * DAY));
      const first = Math.min(...linkFirst.values());
      insertThread.run(threadId, businessId, contactId, iso(first), activityDay(new Date(first)), iso(last), preview.kind, preview.text, preview.direction, unread, searchText, iso(last - span));
      for (const [numberId, at] of linkLast) insertLink.run(threadId, numberId, iso(linkFirst.get(numberId)!), iso(at));
      for (const row of rows) row();
      if (t === 0) sample.longThreadId = threadId;
      if (t === 500) { sample.threadId = threadId; sample.contactDigits = e164.slice(5, 12); }
      if (name && !sample.name) sample.name = name.split(' ')[1]!.toLowerCase();
    }
  });
  const chunk = 5000;
  for (let from = 0; from < THREADS; from += chunk) load(from, Math.min(THREADS, from + chunk));
  db.pragma('optimize');
  db.close();
  return { businessId, numbers, flows, sample, seconds: (performance.now() - started) / 1000 };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function time(label: string, target: number | null, run: (i: number) => Promise<Response>) {
  for (let i = 0; i < 20; i++) await (await run(i)).arrayBuffer(); // warm caches and JIT
  const samples: number[] = [];
  // CPU time of this process too: on a shared machine wall time also counts other people's work.
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < SAMPLES; i++) {
    const start = performance.now();
    const response = await run(i);
    await response.arrayBuffer();
    samples.push(performance.now() - start);
    if (response.status !== 200) throw new Error(`${label}: HTTP ${response.status}`);
  }
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000 / SAMPLES;
  samples.sort((x, y) => x - y);
  const p50 = percentile(samples, 50);
  const p95 = percentile(samples, 95);
  const verdict = target === null ? '' : p95 < target ? `  ok (target p95 < ${target} ms)` : `  MISSED (target p95 < ${target} ms)`;
  console.log(`${label.padEnd(44)} p50 ${p50.toFixed(2).padStart(7)} ms   p95 ${p95.toFixed(2).padStart(7)} ms   cpu ${cpuMs.toFixed(2).padStart(6)} ms/req${verdict}`);
  return { p50, p95 };
}

// BENCH_DB=<file> reuses a file a previous run kept (BENCH_KEEP=1), to iterate on queries quickly.
const reuse = process.env.BENCH_DB && existsSync(`${process.env.BENCH_DB}.json`) ? process.env.BENCH_DB : null;
const dir = reuse ? null : mkdtempSync(join(tmpdir(), 'threadline-bench-'));
const path = reuse ?? join(dir!, 'bench.db');
const url = `file:${path}`;
let data: Awaited<ReturnType<typeof build>>;
if (reuse) {
  data = JSON.parse(readFileSync(`${path}.json`, 'utf8')) as typeof data;
  // A file kept by an older checkout may lack newer migrations (e.g. the search index).
  const { applied } = await migrate(url);
  console.log(`Reusing ${path}${applied.length ? ` (migrated: ${applied.join(', ')})` : ''}\n`);
} else {
  console.log(`Building ${THREADS.toLocaleString('en-US')} threads / ${EVENTS.toLocaleString('en-US')} events in ${path} ...`);
  data = await build(url, path);
  writeFileSync(`${path}.json`, JSON.stringify(data));
  console.log(`Built in ${data.seconds.toFixed(1)} s\n`);
}

const authToken = 'bench-twilio-auth-token-0123456789';
const config = testConfig(url, { twilioAuthToken: authToken, twilioAccountSid: 'AC00000000000000000000000000000000', simulatorStepMs: 0 });
// No outbox worker (nothing is sent); the inbox worker runs as in a server, folding during the burst.
const services = await createServices(config, { worker: false, inboxWorker: true });
const app = createApp(services);
const token = await tokenFor(config, data.businessId, 'owner');
const headers = { authorization: `Bearer ${token}` };
const get = async (path: string) => app.request(path, { headers });
const month = new Date(Date.now() - 30 * DAY).toISOString();
const week = new Date(Date.now() - 7 * DAY).toISOString();
const twoMonths = new Date(Date.now() - 60 * DAY).toISOString();

const reads = process.env.BENCH_ONLY !== 'webhooks';
try {
  if (reads) {
  // Cursors deep into the list, so "next page" timings are not all the top of the index.
  const cursors: string[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 40; i++) {
    const page = (await (await get(`/v1/threads?limit=30${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).json()) as { nextCursor: string | null };
    cursor = page.nextCursor;
    if (cursor) cursors.push(cursor);
  }
  const threadIds = ((await (await get('/v1/threads?limit=100')).json()) as { items: { id: string }[] }).items.map((t) => t.id);

  console.log('Thread list (30 per page):');
  await time('first page', 10, () => get('/v1/threads'));
  await time('next page (cursor)', 10, (i) => get(`/v1/threads?cursor=${encodeURIComponent(cursors[i % cursors.length]!)}`));
  await time('tracking number + last 30 days', 10, (i) => get(`/v1/threads?trackingNumberId=${data.numbers[i % 8]!.id}&from=${month}`));
  await time('call flow + last 7 days', 10, (i) => get(`/v1/threads?callFlowId=${data.flows[i % 3]!.id}&from=${week}`));
  await time('tracking number + 60 to 30 days ago', 10, (i) => get(`/v1/threads?trackingNumberId=${data.numbers[i % 8]!.id}&from=${twoMonths}&to=${month}`));
  await time('60 to 30 days ago', 10, () => get(`/v1/threads?from=${twoMonths}&to=${month}`));
  // A later page of a range: the cursor of page 5 for each call flow.
  const rangeCursors: string[] = [];
  for (const flow of data.flows) {
    let next: string | null = null;
    for (let i = 0; i < 5; i++) {
      const pagePath: string = `/v1/threads?callFlowId=${flow.id}&from=${twoMonths}&to=${month}${next ? `&cursor=${encodeURIComponent(next)}` : ''}`;
      next = ((await (await get(pagePath)).json()) as { nextCursor: string | null }).nextCursor;
    }
    if (next) rangeCursors.push(`callFlowId=${flow.id}&from=${twoMonths}&to=${month}&cursor=${encodeURIComponent(next)}`);
  }
  await time('call flow + 60 to 30 days ago, page 6', 10, (i) => get(`/v1/threads?${rangeCursors[i % rangeCursors.length]}`));
  await time('"(813) 5" + 60 to 30 days ago', 10, () => get(`/v1/threads?q=${encodeURIComponent('(813) 5')}&from=${twoMonths}&to=${month}`));
  console.log('Search:');
  await time(`digits ("${data.sample.contactDigits}", one match)`, 25, () => get(`/v1/threads?q=${data.sample.contactDigits}`));
  await time('formatted area code ("(813) 5")', 25, () => get(`/v1/threads?q=${encodeURIComponent('(813) 5')}`));
  await time(`name ("${data.sample.name}")`, 25, () => get(`/v1/threads?q=${data.sample.name}`));
  await time('no match ("zzzz")', 25, () => get('/v1/threads?q=zzzz'));
  console.log('Timeline (30 per page):');
  await time('thread timeline, first page', 10, (i) => get(`/v1/threads/${threadIds[i % threadIds.length]}/timeline`));
  const long = (await (await get(`/v1/threads/${data.sample.longThreadId}/timeline?limit=30`)).json()) as { nextCursor: string };
  await time('2,000-event thread, second page', 10, () => get(`/v1/threads/${data.sample.longThreadId}/timeline?cursor=${encodeURIComponent(long.nextCursor)}`));

  }

  console.log('Inbound webhooks:');
  const webhookPath = '/webhooks/twilio/messaging';
  if (process.env.BENCH_WEBHOOKS === '0') {
    // Nothing is posted, not even the check, so a kept database stays as it was seeded.
    console.log('  skipped: BENCH_WEBHOOKS=0');
  } else if (!app.routes.some((route) => route.path === webhookPath && route.method === 'POST')) {
    console.log(`  skipped: POST ${webhookPath} is not registered yet`);
  } else {
    const webhookUrl = `${config.publicUrl}${webhookPath}`;
    const to = data.numbers[0]!.e164;
    const count = Number(process.env.BENCH_WEBHOOKS ?? 5000);
    const concurrency = 8;
    const body = (i: number) => ({
      MessageSid: `SM${run}${String(i).padStart(32 - run.length, '0')}`, AccountSid: config.twilioAccountSid!, From: `+1727${String(3_000_000 + (i % 20_000))}`, To: to,
      Body: 'Are you open Saturday?', NumMedia: '0',
    });
    // Fresh message ids every run, so a reused database does not answer "duplicate".
    const run = Date.now().toString(16);
    const post = async (i: number) => {
      const params = body(i);
      return app.request(webhookPath, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(authToken, webhookUrl, params) },
        body: new URLSearchParams(params).toString(),
      });
    };
    // The ceiling of this harness on this machine at this moment: the same signed posts, 8 in
    // flight, to a path that answers 404 at once (building and signing requests is not free).
    const floorCount = Math.min(count, 2000);
    let floorNext = 0;
    const floorStart = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (floorNext < floorCount) {
          const params = body(1_000_000 + floorNext++);
          const response = await app.request('/webhooks/twilio/not-a-route', {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(authToken, webhookUrl, params) },
            body: new URLSearchParams(params).toString(),
          });
          await response.arrayBuffer();
        }
      }),
    );
    const floorRate = floorCount / ((performance.now() - floorStart) / 1000);
    console.log(`${`harness ceiling (same posts, instant 404)`.padEnd(44)} ${floorRate.toFixed(0).padStart(7)} /s`);
    const check = await post(-1);
    if (check.status >= 300) {
      console.log(`  skipped: a signed webhook answered HTTP ${check.status}: ${(await check.text()).slice(0, 200)}`);
    } else {
      let next = 0;
      let done = 0;
      let failed = 0;
      const start = performance.now();
      const deadline = start + 30_000; // bounded: a slow run stops after 30 s and reports what it did
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < count && performance.now() < deadline) {
            const response = await post(next++);
            await response.arrayBuffer();
            done++;
            if (response.status >= 300) failed++;
          }
        }),
      );
      const burstEnd = performance.now();
      const seconds = (burstEnd - start) / 1000;
      const rate = done / seconds;
      console.log(`${`${done} signed inbound SMS, ${concurrency} in flight`.padEnd(44)} ${rate.toFixed(0).padStart(7)} /s   (${failed} failed)${rate >= 5000 ? '  ok (target >= 5,000/s)' : '  MISSED (target >= 5,000/s)'}`);
      // Accepted is not filed: time the worker until every accepted text is a message in its thread.
      const prefix = `SM${run}`;
      const filed = () => services.db.message.count({ where: { carrierSid: { startsWith: prefix } } });
      const foldedInBurst = await filed();
      await services.inbox.drain();
      const caughtUp = performance.now();
      const stored = await filed();
      const total = (caughtUp - start) / 1000;
      console.log(`${'  filed during the burst'.padEnd(44)} ${String(foldedInBurst).padStart(7)} messages`);
      console.log(`${'  fold caught up after the burst in'.padEnd(44)} ${((caughtUp - burstEnd) / 1000).toFixed(2).padStart(7)} s    (${stored} stored of ${done + 1} accepted)`);
      console.log(`${'  accepted to filed, end to end'.padEnd(44)} ${(stored / total).toFixed(0).padStart(7)} messages/s over ${total.toFixed(2)} s`);
    }
  }
} finally {
  await closeServices(services);
  if (process.env.BENCH_KEEP === '1') console.log(`\nKept ${path} (run again with BENCH_DB=${path})`);
  else if (dir) rmSync(dir, { recursive: true, force: true });
}
