// Inbound webhook throughput as a real Twilio would see it (issue 2: >= 5,000/s):
//   pnpm --filter @threadline/server bench:webhooks
// The real server (bench/webhook-server.ts, startServer on a port) runs in a child process; this
// process is only the load generator: every request is built and signed before the clock starts,
// then BENCH_CONNECTIONS keep-alive connections post them back to back. Prints accepted/s (200s),
// CPU of both processes, and then how long the fold took to catch up (every accepted text a
// Message), checking nothing was lost.
// Environment: BENCH_DB=<file> a database kept by bench/threads.ts (BENCH_KEEP=1; its .json names
// the tracking numbers), else a small fresh one; BENCH_WEBHOOKS (count, default 20000);
// BENCH_CONNECTIONS (default 32); BENCH_PROFILE=<dir> writes the server's CPU profile of the burst
// and the fold into <dir> (summarise with bench/profile-summary.ts).
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { migrate } from '../packages/server/src/db/migrate.ts';

const serverRequire = createRequire(new URL('../packages/server/package.json', import.meta.url));
const twilio = serverRequire('twilio') as { getExpectedTwilioSignature(authToken: string, url: string, params: Record<string, string>): string };
// undici: a lean HTTP/1.1 client, so the generator spends little of the machine's two cores.
interface UndiciPool {
  request(options: { path: string; method: string; headers: Record<string, string>; body: Buffer }): Promise<{ statusCode: number; body: { dump(): Promise<void> } }>;
  close(): Promise<void>;
}
const { Pool } = serverRequire('undici') as { Pool: new (origin: string, options: { connections: number; pipelining: number }) => UndiciPool };
// better-sqlite3 is the server package's dependency (the bench folder has no node_modules).
interface Statement { run(...values: unknown[]): unknown; get(...values: unknown[]): unknown }
const Database = serverRequire('better-sqlite3') as new (path: string, options?: { readonly?: boolean }) => { prepare(sql: string): Statement; close(): void };

const COUNT = Number(process.env.BENCH_WEBHOOKS ?? 20_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const PUBLIC_URL = 'http://threadline.test';
const AUTH_TOKEN = 'bench-twilio-auth-token-0123456789';
const ACCOUNT_SID = 'AC00000000000000000000000000000000';
const PATH = '/webhooks/twilio/messaging';

/** A small database: one business with one tracking number (the "small database" figure). */
async function smallDatabase(path: string): Promise<string> {
  await migrate(`file:${path}`);
  const db = new Database(path);
  const at = new Date().toISOString().replace('Z', '+00:00');
  db.prepare(`INSERT INTO "Business" ("id","name","balance","currency","createdAt") VALUES ('bench-business','Bench',100000000,'USD',?)`).run(at);
  const e164 = '+18135550100';
  db.prepare(
    `INSERT INTO "TrackingNumber" ("id","businessId","e164","friendlyName","country","type","smsCapable","assignmentStatus","tollFreeStatus","tollFreeEditable","createdAt") VALUES ('bench-number','bench-business',?,'Bench','US','local',1,'assigned','not_submitted',1,?)`,
  ).run(e164, at);
  db.close();
  return e164;
}

const reuse = process.env.BENCH_DB && existsSync(`${process.env.BENCH_DB}.json`) ? process.env.BENCH_DB : null;
const dir = reuse ? null : mkdtempSync(join(tmpdir(), 'threadline-webhooks-'));
const path = reuse ?? join(dir!, 'bench.db');
const to = reuse ? (JSON.parse(readFileSync(`${path}.json`, 'utf8')) as { numbers: { e164: string }[] }).numbers[0]!.e164 : await smallDatabase(path);
console.log(reuse ? `Database: ${path} (kept by bench/threads.ts)` : `Database: small fresh one (${path})`);

// Every request built and signed up front: the generator's own work during the burst is only I/O.
const run = randomBytes(4).toString('hex');
const prefix = `SM${run}`;
const requests = Array.from({ length: COUNT }, (_, i) => {
  const params = {
    MessageSid: `${prefix}${String(i).padStart(32 - run.length, '0')}`,
    AccountSid: ACCOUNT_SID,
    From: `+1727${String(3_000_000 + (i % 20_000))}`,
    To: to,
    Body: 'Are you open Saturday?',
    NumMedia: '0',
  };
  const body = Buffer.from(new URLSearchParams(params).toString());
  return { body, signature: twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}${PATH}`, params) };
});

const profileDir = process.env.BENCH_PROFILE;
const child = fork(new URL('./webhook-server.ts', import.meta.url).pathname, [], {
  // BENCH_CPU_PROF=<dir>: every thread of the server profiled from start to end (the inbox thread too).
  execArgv: ['--import', 'tsx', ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])],
  env: {
    ...process.env,
    DATABASE_URL: `file:${path}`,
    CARRIER: 'twilio',
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    THREADLINE_SECRET: 'bench-secret-at-least-16-chars',
    BENCH_PUBLIC_URL: PUBLIC_URL,
  },
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const replies: ((message: { type: string; [key: string]: unknown }) => void)[] = [];
child.on('message', (message: { type: string }) => replies.shift()?.(message as never));
const reply = <T>() => new Promise<T>((resolve) => replies.push(resolve as never));
const { url } = await reply<{ url: string }>();
const serverCpu = async () => {
  const answer = reply<{ userMs: number; systemMs: number }>();
  child.send({ type: 'cpu' });
  const cpu = await answer;
  return cpu.userMs + cpu.systemMs;
};

const pool = new Pool(url, { connections: CONNECTIONS, pipelining: 1 });
async function post(request: { body: Buffer; signature: string }, path = PATH): Promise<number> {
  const response = await pool.request({
    path,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': request.signature },
    body: request.body,
  });
  await response.body.dump();
  return response.statusCode;
}

const db = new Database(path, { readonly: true });
const countIn = (table: string, extra = '') =>
  (db.prepare(`SELECT count(*) AS n FROM "${table}" WHERE "carrierSid" >= ? AND "carrierSid" < ? ${extra}`).get(prefix, `${prefix}~`) as { n: number }).n;

try {
  // Warm up the server (JIT, caches, connections) with requests that are not counted.
  const warm = Array.from({ length: Math.min(500, COUNT) }, (_, i) => {
    const params = { MessageSid: `SMwarm${run}${i}`, AccountSid: ACCOUNT_SID, From: '+17273999999', To: to, Body: 'warm', NumMedia: '0' };
    return { body: Buffer.from(new URLSearchParams(params).toString()), signature: twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}${PATH}`, params) };
  });
  let w = 0;
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => { while (w < warm.length) await post(warm[w++]!); }));
  await new Promise((resolve) => setTimeout(resolve, 1500)); // let the warm-up fold

  // The ceiling of server + generator on this machine right now: the same posts to a path that
  // answers 404 at once (Hono's router and node:http, nothing of ours).
  const ceilingCount = Math.min(COUNT, 5000);
  let c = 0;
  const ceilingStart = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => { while (c < ceilingCount) await post(requests[c++]!, '/webhooks/twilio/not-a-route'); }));
  console.log(`ceiling (same posts, instant 404)   ${(ceilingCount / ((performance.now() - ceilingStart) / 1000)).toFixed(0).padStart(7)} /s`);

  let next = 0;
  let accepted = 0;
  const statuses = new Map<number, number>();
  if (profileDir) {
    const started = reply();
    child.send({ type: 'profile-start' });
    await started;
  }
  const serverBefore = await serverCpu();
  const selfBefore = process.cpuUsage();
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < COUNT) {
        const status = await post(requests[next++]!);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status === 200) accepted++;
      }
    }),
  );
  const burstEnd = performance.now();
  const self = process.cpuUsage(selfBefore);
  const serverBurst = (await serverCpu()) - serverBefore;
  const seconds = (burstEnd - start) / 1000;
  const rate = accepted / seconds;
  const other = [...statuses].filter(([status]) => status !== 200).map(([status, n]) => `${n} x HTTP ${status}`);
  console.log(`${COUNT} signed inbound SMS over ${CONNECTIONS} keep-alive connections`);
  console.log(`  accepted (200)            ${rate.toFixed(0).padStart(7)} /s   ${accepted} in ${seconds.toFixed(2)} s${other.length ? `  (${other.join(', ')})` : ''}  ${rate >= 5000 ? 'ok' : 'MISSED'} (target >= 5,000/s)`);
  console.log(`  server CPU during burst   ${(serverBurst / accepted * 1000).toFixed(0).padStart(7)} us/request  (${(serverBurst / 1000 / seconds * 100).toFixed(0)}% of one core)`);
  console.log(`  generator CPU             ${(((self.user + self.system) / 1000) / accepted * 1000).toFixed(0).padStart(7)} us/request`);
  const filedInBurst = countIn('Message');

  // Accepted is not filed: wait for every accepted text to be a Message.
  const deadline = performance.now() + 120_000;
  let filed = filedInBurst;
  while (filed < accepted && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    filed = countIn('Message');
  }
  const caughtUp = performance.now();
  const serverTotal = (await serverCpu()) - serverBefore;
  if (profileDir) {
    const written = reply<{ files: string[] }>();
    child.send({ type: 'profile-stop', dir: profileDir });
    console.log(`  server profile (burst + fold): ${(await written).files.join(', ')}`);
  }
  const inbox = countIn('InboxMessage');
  const unfolded = countIn('InboxMessage', 'AND "foldedAt" IS NULL');
  console.log(`  filed during the burst    ${String(filedInBurst).padStart(7)} messages`);
  console.log(`  fold caught up after      ${((caughtUp - burstEnd) / 1000).toFixed(2).padStart(7)} s    (${filed} filed of ${accepted} accepted; inbox rows ${inbox}, unfolded ${unfolded})${filed === accepted && inbox === accepted ? '' : '  LOST OR LATE'}`);
  console.log(`  accepted to filed         ${(filed / ((caughtUp - start) / 1000)).toFixed(0).padStart(7)} messages/s end to end over ${((caughtUp - start) / 1000).toFixed(2)} s`);
  console.log(`  server CPU, burst + fold  ${(serverTotal / accepted * 1000).toFixed(0).padStart(7)} us/request`);
} finally {
  db.close();
  await pool.close();
  const stopped = reply();
  child.send({ type: 'stop' });
  await stopped;
  if (dir) rmSync(dir, { recursive: true, force: true });
}
