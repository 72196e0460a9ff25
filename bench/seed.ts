// The benches' data: one business with many threads and timeline events (messages and calls over
// 90 days), written straight into a migrated SQLite file. Deterministic: the same file every run,
// so numbers are comparable between runs. Used by bench/threads.ts and bench/thread-list-scroll.ts.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { migrate } from '../packages/server/src/db/migrate.ts';
import { seededRandom } from '../packages/server/src/domain/demo/random.ts';
import { activityDay, contactSearchText } from '../packages/server/src/domain/threads/activity.ts';

// better-sqlite3 is the server package's dependency; resolve it from there (the bench folder has
// no node_modules), typed by the little of it used here.
interface Statement { run(...values: unknown[]): unknown }
interface SqliteDatabase {
  prepare(sql: string): Statement;
  pragma(pragma: string): unknown;
  transaction<A extends unknown[]>(work: (...args: A) => void): (...args: A) => void;
  close(): void;
}
const serverRequire = createRequire(new URL('../packages/server/package.json', import.meta.url));
const Database = serverRequire('better-sqlite3') as new (path: string) => SqliteDatabase;

export const DAY = 86_400_000;

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

/** What the benches need to know about the data built. */
export interface BenchData {
  businessId: string;
  numbers: Array<{ id: string; e164: string; flowId: string }>;
  flows: Array<{ id: string; name: string }>;
  sample: { threadId: string; longThreadId: string; contactDigits: string; name: string };
  seconds: number;
}

/**
 * Migrates a fresh SQLite file at `path` (`url` for Prisma) and fills it: `threads` threads and
 * `events` events in all, the first thread a long one of 2,000 events.
 */
export async function buildBenchDatabase(url: string, path: string, { threads: THREADS, events: EVENTS }: { threads: number; events: number }): Promise<BenchData> {
  if (EVENTS < THREADS + 2000) throw new Error(`${EVENTS} events are too few: every thread needs one, and the long thread 2,000`);
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
