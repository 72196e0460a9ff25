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
import { testConfig, tokenFor } from '../packages/server/src/testing/harness.ts';
import { buildBenchDatabase, DAY, type BenchData } from './seed.ts';

// twilio is the server package's dependency; resolve it from there (the bench folder has no
// node_modules), typed by the little of it used here.
const serverRequire = createRequire(new URL('../packages/server/package.json', import.meta.url));
const twilio = serverRequire('twilio') as { getExpectedTwilioSignature(authToken: string, url: string, params: Record<string, string>): string };

const THREADS = Number(process.env.BENCH_THREADS ?? 100_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);

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
let data: BenchData;
if (reuse) {
  data = JSON.parse(readFileSync(`${path}.json`, 'utf8')) as typeof data;
  // A file kept by an older checkout may lack newer migrations (e.g. the search index).
  const { applied } = await migrate(url);
  console.log(`Reusing ${path}${applied.length ? ` (migrated: ${applied.join(', ')})` : ''}\n`);
} else {
  console.log(`Building ${THREADS.toLocaleString('en-US')} threads / ${EVENTS.toLocaleString('en-US')} events in ${path} ...`);
  data = await buildBenchDatabase(url, path, { threads: THREADS, events: EVENTS });
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
