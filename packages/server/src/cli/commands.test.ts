// The `threadline` CLI, run as a user runs it: spawn bin/threadline.js with a temporary
// DATABASE_URL (a SQLite file, or a fresh PostgreSQL database with TEST_DATABASE=postgres).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { verifyEmbedToken } from '@threadline/sdk/node';
import { createDb } from '../db/client.ts';
import { hashApiKey } from '../middleware/auth/index.ts';
import { createTestDatabase } from '../testing/harness.ts';
import { runCli } from './commands.ts';

const bin = fileURLToPath(new URL('../../bin/threadline.js', import.meta.url));
const database = await createTestDatabase();
const mediaDir = mkdtempSync(join(tmpdir(), 'threadline-cli-media-'));
const SECRET = 'cli-test-secret-0123456789';
const baseEnv = { DATABASE_URL: database.url, MEDIA_DIR: mediaDir, THREADLINE_SECRET: SECRET, CARRIER: 'simulator', PORT: '0' };
const db = createDb(database.url);

after(async () => {
  await db.$disconnect();
  await database.drop();
  rmSync(mediaDir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to completion. */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH ?? '', ...baseEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

async function json<T>(args: string[], env: Record<string, string> = {}): Promise<T> {
  const run = await cli([...args, '--json'], env);
  assert.equal(run.code, 0, `${args.join(' ')} failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

describe('threadline CLI', () => {
  test('--help lists every command; unknown commands and options are usage errors', async () => {
    const help = await cli(['--help']);
    assert.equal(help.code, 0);
    for (const command of ['serve', 'migrate', 'create-business', 'create-agency', 'create-api-key', 'add-number', 'top-up', 'mint-token', 'seed-demo', 'simulate', 'demo']) {
      assert.match(help.stdout, new RegExp(`^  ${command} `, 'm'), command);
    }
    const unknown = await cli(['frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown command "frobnicate"/);
    const badOption = await cli(['create-agency', '--nam', 'x']);
    assert.equal(badOption.code, 2);
    assert.match(badOption.stderr, /Unknown option '--nam'/);
  });

  test('every command has --help with its usage (in process)', async () => {
    for (const command of ['serve', 'migrate', 'create-business', 'create-agency', 'create-api-key', 'add-number', 'top-up', 'mint-token', 'seed-demo', 'simulate', 'demo']) {
      const lines: string[] = [];
      const code = await runCli([command, '--help'], { out: (line) => lines.push(line), err: (line) => lines.push(line), env: {} });
      assert.equal(code, 0, command);
      assert.match(lines.join('\n'), new RegExp(`Usage: threadline ${command}`), command);
      assert.match(lines.join('\n'), /--json/, command);
    }
  });

  test('migrate applies migrations once', async () => {
    const first = await json<{ applied: string[] }>(['migrate']);
    assert.deepEqual(first.applied, [], 'the test database was already migrated by the harness');
    const again = await cli(['migrate']);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /up to date/);
  });

  test('sets up an agency, a business with funds, an API key, numbers, a top-up and a token', async () => {
    const agency = await json<{ id: string; name: string }>(['create-agency', '--name', 'Bright Agency']);
    assert.equal(agency.name, 'Bright Agency');
    const business = await json<{ id: string; balance: number; agencyId: string }>(['create-business', '--name', 'Gulf Coast HVAC', '--agency-id', agency.id, '--balance', '2500']);
    assert.equal(business.balance, 2500);
    assert.equal(business.agencyId, agency.id);
    const ledger = await db.ledgerEntry.findMany({ where: { businessId: business.id } });
    assert.deepEqual(ledger.map((entry) => [entry.amount, entry.kind]), [[2500, 'top-up']]);

    const key = await json<{ id: string; secret: string; prefix: string }>(['create-api-key', '--agency-id', agency.id, '--name', 'CRM backend']);
    assert.match(key.secret, /^tl_sk_[A-Za-z0-9_-]{40,}$/);
    const stored = await db.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    assert.equal(stored.secretHash, hashApiKey(key.secret));
    assert.ok(!JSON.stringify(stored).includes(key.secret), 'the secret itself is not stored');
    const human = await cli(['create-api-key', '--business-id', business.id, '--name', 'Zapier']);
    assert.equal(human.code, 0);
    assert.match(human.stdout, /tl_sk_\S+/);
    assert.match(human.stdout, /cannot be shown again/);
    const both = await cli(['create-api-key', '--business-id', business.id, '--agency-id', agency.id, '--name', 'x']);
    assert.equal(both.code, 2);

    const local = await json<{ e164: string; country: string; type: string; smsCapable: boolean; callFlowId: string }>([
      'add-number', '--business-id', business.id, '--e164', '(239) 555-0142', '--name', 'Naples PPC', '--call-flow', 'Paid Search',
    ]);
    assert.deepEqual({ ...local, callFlowId: typeof local.callFlowId }, { ...local, e164: '+12395550142', country: 'US', type: 'local', smsCapable: true, callFlowId: 'string' });
    const flow = await db.callFlow.findUniqueOrThrow({ where: { id: local.callFlowId } });
    assert.equal(flow.name, 'Paid Search');
    const tollFree = await json<{ type: string; smsCapable: boolean; callFlowId: string }>([
      'add-number', '--business-id', business.id, '--e164', '+18775550100', '--name', 'Radio', '--no-sms', '--call-flow', 'Paid Search',
    ]);
    assert.equal(tollFree.type, 'toll-free');
    assert.equal(tollFree.smsCapable, false);
    assert.equal(tollFree.callFlowId, local.callFlowId, 'an existing call flow is reused by name');
    const canadian = await json<{ country: string }>(['add-number', '--business-id', business.id, '--e164', '+16475550187', '--name', 'Toronto']);
    assert.equal(canadian.country, 'CA');

    const duplicate = await cli(['add-number', '--business-id', business.id, '--e164', '+12395550142', '--name', 'Again']);
    assert.equal(duplicate.code, 1);
    assert.match(duplicate.stderr, /already a tracking number/);
    const badNumber = await cli(['add-number', '--business-id', business.id, '--e164', '12345', '--name', 'Bad']);
    assert.equal(badNumber.code, 1);
    assert.match(badNumber.stderr, /e164/);

    const topped = await json<{ balance: number }>(['top-up', '--business-id', business.id, '--amount', '1000']);
    assert.equal(topped.balance, 3500);
    const badAmount = await cli(['top-up', '--business-id', business.id, '--amount', '12.50']);
    assert.equal(badAmount.code, 2);
    assert.match(badAmount.stderr, /--amount must be a whole number/);
    const missing = await cli(['top-up', '--business-id', 'no-such-business', '--amount', '5']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Business not found: no-such-business/);

    const token = await json<{ token: string; expiresAt: string }>(['mint-token', '--business-id', business.id, '--user-id', 'u_7', '--role', 'manager', '--ttl', '600']);
    const claims = await verifyEmbedToken(token.token, SECRET);
    assert.deepEqual({ b: claims.businessId, u: claims.userId, r: claims.role }, { b: business.id, u: 'u_7', r: 'manager' });
    const badRole = await cli(['mint-token', '--business-id', business.id, '--user-id', 'u', '--role', 'god']);
    assert.equal(badRole.code, 2);
    assert.match(badRole.stderr, /--role must be one of/);
  });

  test('errors come back as JSON too with --json, and exit non-zero', async () => {
    const run = await cli(['create-business', '--name', 'X', '--agency-id', 'nope', '--json']);
    assert.equal(run.code, 1);
    assert.equal((JSON.parse(run.stdout) as { error: { code: string } }).error.code, 'not_found');
  });

  test('seed-demo seeds once; simulate injects a text and a call into it', async () => {
    const seeded = await json<{ businessId: string; created: boolean; counts: { threads: number } }>(['seed-demo']);
    assert.equal(seeded.created, true);
    assert.ok(seeded.counts.threads >= 300);
    const again = await json<{ created: boolean }>(['seed-demo']);
    assert.equal(again.created, false);

    const sms = await json<{ id: string; threadId: string; body: string; from: string }>(['simulate', 'inbound-sms', '--to', '+18135550142', '--from', '(727) 555-0199', '--body', 'Are you open Saturday?']);
    assert.equal(sms.from, '+17275550199');
    const call = await json<{ status: string; threadId: string; recording: unknown }>(['simulate', 'call', '--to', '+18135550142', '--from', '+17275550199', '--outcome', 'voicemail', '--duration', '30']);
    assert.equal(call.status, 'voicemail');
    assert.equal(call.threadId, sms.threadId);
    assert.ok(call.recording);
    const thread = await db.thread.findUniqueOrThrow({ where: { id: sms.threadId } });
    assert.equal(thread.unreadCount, 2);
    const bad = await cli(['simulate', 'fax', '--to', '+18135550142', '--from', '+17275550199']);
    assert.equal(bad.code, 2);
  });

  test('add-number --from-twilio imports the account numbers through the Twilio SDK, once', async () => {
    const accountSid = `AC${'1'.repeat(32)}`;
    const authToken = 'fake-twilio-auth-token';
    const numbers = [
      { sid: `PN${'a'.repeat(32)}`, phone_number: '+19415550111', friendly_name: 'Sarasota Billboard', capabilities: { voice: true, sms: true, mms: true } },
      { sid: `PN${'b'.repeat(32)}`, phone_number: '+18445550122', friendly_name: '(844) 555-0122', capabilities: { voice: true, sms: false, mms: false } },
      { sid: `PN${'c'.repeat(32)}`, phone_number: '+442071838750', friendly_name: 'London', capabilities: { voice: true, sms: true, mms: false } },
    ];
    const requests: string[] = [];
    // A stand-in for Twilio's IncomingPhoneNumbers list, two numbers a page, checking Basic auth.
    const server = createServer((request, response) => {
      requests.push(request.url ?? '');
      const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
      const url = new URL(request.url ?? '/', 'http://fake');
      if (request.headers.authorization !== expected || url.pathname !== `/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers.json`) {
        response.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 20003, message: 'Authenticate', status: 401 }));
        return;
      }
      const page = Number(url.searchParams.get('Page') ?? '0');
      const items = numbers.slice(page * 2, page * 2 + 2);
      const base = `/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers.json`;
      response.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          incoming_phone_numbers: items.map((n) => ({ ...n, account_sid: accountSid, api_version: '2010-04-01' })),
          page,
          page_size: 2,
          start: page * 2,
          end: page * 2 + items.length - 1,
          uri: `${base}?PageSize=2&Page=${page}`,
          first_page_uri: `${base}?PageSize=2&Page=0`,
          next_page_uri: page === 0 ? `${base}?PageSize=2&Page=1&PageToken=PT1` : null,
          previous_page_uri: null,
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const twilioEnv = {
      TWILIO_ACCOUNT_SID: accountSid,
      TWILIO_AUTH_TOKEN: authToken,
      TWILIO_API_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    };
    try {
      const business = await json<{ id: string }>(['create-business', '--name', 'Imported Numbers Inc']);
      const result = await json<{ imported: { e164: string; friendlyName: string }[]; skipped: { e164: string; reason: string }[] }>(
        ['add-number', '--business-id', business.id, '--from-twilio', '--call-flow', 'Imported'],
        twilioEnv,
      );
      assert.deepEqual(result.imported.map((n) => [n.e164, n.friendlyName]), [['+19415550111', 'Sarasota Billboard'], ['+18445550122', '(844) 555-0122']]);
      assert.deepEqual(result.skipped, [{ e164: '+442071838750', reason: 'not a US or Canadian number' }]);
      assert.ok(requests.some((url) => url.includes('Page=1')), 'followed the next page');
      const rows = await db.trackingNumber.findMany({ where: { businessId: business.id }, orderBy: { e164: 'asc' }, include: { callFlow: true } });
      assert.deepEqual(
        rows.map((r) => [r.e164, r.type, r.smsCapable, r.carrierSid, r.callFlow?.name]),
        [['+18445550122', 'toll-free', false, `PN${'b'.repeat(32)}`, 'Imported'], ['+19415550111', 'local', true, `PN${'a'.repeat(32)}`, 'Imported']],
      );
      const again = await json<{ imported: unknown[]; skipped: { reason: string }[] }>(['add-number', '--business-id', business.id, '--from-twilio'], twilioEnv);
      assert.equal(again.imported.length, 0);
      assert.equal(again.skipped.filter((s) => s.reason === 'already tracked').length, 2);
      const wrongToken = await cli(['add-number', '--business-id', business.id, '--from-twilio'], { ...twilioEnv, TWILIO_AUTH_TOKEN: 'wrong' });
      assert.equal(wrongToken.code, 1);
      assert.match(wrongToken.stderr, /Twilio refused/);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('serve answers requests and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, 'serve', '--json'], { env: { PATH: process.env.PATH ?? '', ...baseEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 60_000);
      const onData = (chunk: Buffer) => {
        stdout += chunk;
        // Only complete lines (a chunk can end mid-line), and only the one JSON line with the URL.
        for (const line of stdout.split('\n').slice(0, -1)) {
          let parsed: { url?: string } | null = null;
          try {
            parsed = JSON.parse(line) as { url?: string };
          } catch {
            continue;
          }
          if (typeof parsed?.url === 'string') {
            clearTimeout(timer);
            child.stdout.off('data', onData);
            resolve(parsed.url);
            return;
          }
        }
      };
      child.stdout.on('data', onData);
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const health = await fetch(`${url}/healthz`);
      assert.deepEqual(await health.json(), { ok: true });
      // An open event stream must not keep the server from stopping.
      const controller = new AbortController();
      const business = await db.business.create({ data: { name: 'Served Co' } });
      const { token } = await json<{ token: string }>(['mint-token', '--business-id', business.id, '--user-id', 'u', '--role', 'viewer']);
      const stream = await fetch(`${url}/v1/events?access_token=${token}`, { signal: controller.signal });
      assert.equal(stream.status, 200);
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      assert.match(stderr, /SIGTERM: shutting down/);
      controller.abort();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
