// Live event streams at scale: poll queries per second and delivery latency of events written by
// another server process, with many SSE streams open on one server.
//   pnpm --filter @threadline/server bench:events
// Serves the real app over HTTP (real auth, real streams), opens BENCH_STREAMS streams spread over
// BENCH_BUSINESSES businesses, counts the event log polls while idle, then writes BENCH_SAMPLES
// events through a second services instance (as another process would: this server is not told)
// and times each from insert to arrival on every stream of its business.
// Environment: BENCH_STREAMS (500), BENCH_BUSINESSES (50), BENCH_SAMPLES (40), TEST_DATABASE=postgres
// for a fresh PostgreSQL database instead of a SQLite file.
import { performance } from 'node:perf_hooks';
import { startServer, type RunningServer } from '../packages/server/src/cli/server.ts';
import { closeServices, createServices } from '../packages/server/src/create-services.ts';
import { EventBus } from '../packages/server/src/domain/events/index.ts';
import { createTestDatabase, testConfig, tokenFor } from '../packages/server/src/testing/harness.ts';

const STREAMS = Number(process.env.BENCH_STREAMS ?? 500);
const BUSINESSES = Number(process.env.BENCH_BUSINESSES ?? 50);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 40);
const IDLE_MS = 5000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

const database = await createTestDatabase();
const config = { ...testConfig(database.url), port: 0, setupPoller: false };
const server: RunningServer = await startServer(config, () => {});
const { services } = server;
const other = await createServices(config, { worker: false }); // "another process": its own bus and connections
const readers: ReadableStreamDefaultReader<Uint8Array>[] = [];
try {
  const businesses: string[] = [];
  for (let i = 0; i < BUSINESSES; i++) businesses.push((await services.db.business.create({ data: { name: `Bench ${i}`, balance: 0 } })).id);
  const tokens = await Promise.all(businesses.map((id) => tokenFor(config, id, 'viewer')));
  const base = server.url;

  /** When each event was written, and when each stream received it. */
  const written = new Map<number, number>();
  const latencies: number[] = [];
  let opened = 0;
  async function openStream(index: number) {
    const response = await fetch(`${base}/v1/events`, { headers: { authorization: `Bearer ${tokens[index % BUSINESSES]}` } });
    if (response.status !== 200) throw new Error(`stream ${index}: HTTP ${response.status}`);
    const reader = response.body!.getReader();
    readers.push(reader);
    const decoder = new TextDecoder();
    let buffer = '';
    void (async () => {
      for (;;) {
        const { done, value } = await reader.read().catch(() => ({ done: true as const, value: undefined }));
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (frame.startsWith('retry:')) opened++;
          const id = /^id: (\d+)$/m.exec(frame)?.[1];
          const at = id === undefined ? undefined : written.get(Number(id));
          if (at !== undefined) latencies.push(performance.now() - at);
        }
      }
    })();
  }

  const openStarted = performance.now();
  for (let i = 0; i < STREAMS; i += 50) await Promise.all(Array.from({ length: Math.min(50, STREAMS - i) }, (_, j) => openStream(i + j)));
  while (opened < STREAMS) await sleep(10);
  console.log(`${database.provider}: ${STREAMS} streams over ${BUSINESSES} businesses open in ${(performance.now() - openStarted).toFixed(0)} ms`);

  await sleep(1500); // past the poller's first tick
  const polls = services.bus.pollQueries;
  const idleStarted = performance.now();
  await sleep(IDLE_MS);
  const perSecond = (services.bus.pollQueries - polls) / ((performance.now() - idleStarted) / 1000);
  console.log(`idle: ${perSecond.toFixed(2)} event-log poll queries/s for ${STREAMS} open streams (one poll per stream would be ${STREAMS}/s)`);

  // Writes at uneven gaps, so they fall anywhere within the poller's 1 s tick.
  const perBusiness = STREAMS / BUSINESSES;
  for (let i = 0; i < SAMPLES; i++) {
    const businessId = businesses[i % BUSINESSES]!;
    const at = performance.now();
    const id = await EventBus.append(other.db, businessId, 'balance.updated', { balance: i, currency: 'USD' });
    written.set(id, at);
    await sleep(150 + ((i * 373) % 400));
  }
  const expected = Math.round(SAMPLES * perBusiness);
  const deadline = performance.now() + 5000;
  while (latencies.length < expected && performance.now() < deadline) await sleep(20);
  console.log(
    `another process's write to delivery: ${latencies.length}/${expected} deliveries, ` +
      `p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms (poll every 1000 ms)`,
  );
} finally {
  await Promise.all(readers.map((reader) => reader.cancel().catch(() => {})));
  await server.close();
  await closeServices(other);
  await database.drop();
}
