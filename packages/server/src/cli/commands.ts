// The `threadline` operator CLI: one table of commands, each with its options (node:util parseArgs),
// help text, and a run function that returns what to print (as text, or as JSON with --json).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Role } from '@threadline/sdk';
import { MAX_EMBED_TOKEN_TTL_SECONDS } from '@threadline/sdk/node';
import { loadConfig, type Config } from '../config.ts';
import { closeServices, createServices } from '../create-services.ts';
import { migrate } from '../db/migrate.ts';
import { formatMoney, topUp } from '../domain/billing/index.ts';
import { SIMULATED_CALL_OUTCOMES, injectCall, type SimulatedCallOutcome } from '../domain/calls/simulate.ts';
import { DEMO_BUSINESS_NAME, DEMO_USERS, seedDemo } from '../domain/demo/seed.ts';
import { injectInboundSms, type SimulatedMedia } from '../domain/messaging/simulate.ts';
import { mintTokenFor } from '../domain/members/index.ts';
import { ApiError } from '../errors.ts';
import type { Services } from '../services.ts';
import { addNumber, createAgency, createApiKey, createBusiness, importTwilioNumbers } from './operations.ts';
import { startServer, untilSignal, type RunningServer } from './server.ts';

/** Where the CLI writes, and the environment it reads (tests pass their own). */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
}

/** A mistake in how the command was called: printed with the usage, exit code 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | string[] | undefined>;

/** What a command hands back: lines for people, an object for --json (undefined: nothing more to print). */
interface Output {
  text: string[];
  json: unknown;
}

interface Command {
  summary: string;
  usage: string;
  options: Options;
  /** Extra help lines below the options. */
  notes?: string[];
  run(values: Values, positionals: string[], context: Context): Promise<Output>;
}

interface Context {
  io: CliIo;
  config(): Config;
  /** Opens the services (without the outbox worker) for the duration of `work`. */
  withServices<T>(work: (services: Services) => Promise<T>): Promise<T>;
}

const GLOBAL_OPTIONS: Options = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
};

const ROLES: Role[] = ['owner', 'admin', 'manager', 'viewer'];

function text(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

function required(values: Values, name: string): string {
  const value = text(values, name)?.trim();
  if (!value) throw new UsageError(`--${name} is required`);
  return value;
}

function wholeNumber(values: Values, name: string, { min, max }: { min: number; max: number }): number | undefined {
  const raw = text(values, name);
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw.trim())) throw new UsageError(`--${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new UsageError(`--${name} must be from ${min} to ${max}, got ${value}`);
  return value;
}

/**
 * `serve` and `demo`: starts the server on --port (or PORT), hands it to `ready` (which prints how
 * to use it), then serves until SIGINT or SIGTERM and shuts down cleanly.
 */
async function serveUntilSignal(values: Values, context: Context, ready: (server: RunningServer) => Promise<void>): Promise<Output> {
  const config = context.config();
  const port = wholeNumber(values, 'port', { min: 0, max: 65_535 });
  const server = await startServer({ ...config, port: port ?? config.port }, (line) => context.io.err(line));
  try {
    await ready(server);
  } catch (error) {
    await server.close();
    throw error;
  }
  const signal = await untilSignal();
  context.io.err(`${signal}: shutting down`);
  await server.close();
  return { text: [], json: undefined };
}

const COMMANDS: Record<string, Command> = {
  serve: {
    summary: 'Apply pending migrations and serve the API (Ctrl-C stops it cleanly)',
    usage: 'threadline serve [--port <port>]',
    options: { port: { type: 'string' } },
    notes: ['Reads DATABASE_URL, PORT, PUBLIC_URL, THREADLINE_SECRET, CARRIER, TWILIO_* from the environment.'],
    run: (values, _positionals, context) =>
      serveUntilSignal(values, context, async (server) => {
        context.io.out(values.json ? JSON.stringify({ url: server.url }) : `Threadline listening on ${server.url} (API reference: ${server.url}/v1/docs)`);
      }),
  },

  migrate: {
    summary: 'Apply pending database migrations',
    usage: 'threadline migrate',
    options: {},
    async run(_values, _positionals, context) {
      const { applied } = await migrate(context.config().databaseUrl);
      return { text: [applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'Database is up to date'], json: { applied } };
    },
  },

  'create-agency': {
    summary: 'Create an agency (one API key for many businesses)',
    usage: 'threadline create-agency --name <name>',
    options: { name: { type: 'string' } },
    async run(values, _positionals, context) {
      const agency = await context.withServices(({ db }) => createAgency(db, { name: required(values, 'name') }));
      return { text: [`Created agency ${agency.name}: ${agency.id}`], json: agency };
    },
  },

  'create-business': {
    summary: 'Create a business, optionally in an agency and with an opening balance',
    usage: 'threadline create-business --name <name> [--agency-id <id>] [--balance <cents>]',
    options: { name: { type: 'string' }, 'agency-id': { type: 'string' }, balance: { type: 'string' } },
    async run(values, _positionals, context) {
      const balance = wholeNumber(values, 'balance', { min: 0, max: 10_000_000 }) ?? 0;
      return context.withServices(async (services) => {
        const business = await createBusiness(services.db, { name: required(values, 'name'), agencyId: text(values, 'agency-id') });
        const funds = balance > 0 ? await topUp(services, { businessId: business.id, amount: balance, description: 'Opening balance' }) : null;
        const shown = funds ? ` with ${formatMoney(funds.balance, funds.currency)}` : '';
        return { text: [`Created business ${business.name}${shown}: ${business.id}`], json: { ...business, balance: funds?.balance ?? 0 } };
      });
    },
  },

  'create-api-key': {
    summary: 'Create an API key for a business or an agency (the secret is shown once)',
    usage: 'threadline create-api-key (--business-id <id> | --agency-id <id>) --name <name>',
    options: { 'business-id': { type: 'string' }, 'agency-id': { type: 'string' }, name: { type: 'string' } },
    async run(values, _positionals, context) {
      const businessId = text(values, 'business-id');
      const agencyId = text(values, 'agency-id');
      if (Boolean(businessId) === Boolean(agencyId)) throw new UsageError('Give exactly one of --business-id or --agency-id');
      const key = await context.withServices(({ db }) => createApiKey(db, { businessId, agencyId, name: required(values, 'name') }));
      return {
        text: [`Created API key "${key.name}" (${key.id}) for ${businessId ? `business ${businessId}` : `agency ${agencyId}`}.`, '', `  ${key.secret}`, '', 'Store it now: only its hash is kept, it cannot be shown again.'],
        json: key,
      };
    },
  },

  'add-number': {
    summary: 'Add a tracking number to a business, or import a Twilio account\'s numbers',
    usage:
      'threadline add-number --business-id <id> --e164 <+1...> --name <friendly name> [--country US|CA] [--type local|toll-free] [--call-flow <name or id>] [--no-sms]\n' +
      '       threadline add-number --business-id <id> --from-twilio [--call-flow <name or id>]',
    options: {
      'business-id': { type: 'string' },
      e164: { type: 'string' },
      name: { type: 'string' },
      country: { type: 'string' },
      type: { type: 'string' },
      'call-flow': { type: 'string' },
      'no-sms': { type: 'boolean' },
      'from-twilio': { type: 'boolean' },
    },
    notes: [
      'Country and type default from the number (+1 8xx toll-free area codes are toll-free). A call flow named',
      'that does not exist yet is created. --from-twilio lists the account\'s incoming numbers through the',
      'Twilio API (TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN) and adds the ones not tracked yet.',
    ],
    async run(values, _positionals, context) {
      const businessId = required(values, 'business-id');
      const callFlow = text(values, 'call-flow');
      if (values['from-twilio']) {
        const config = context.config();
        const result = await context.withServices(({ db }) => importTwilioNumbers(db, config, { businessId, callFlow }));
        return {
          text: [
            `Imported ${result.imported.length} number(s) from Twilio${result.skipped.length ? `, skipped ${result.skipped.length}` : ''}.`,
            ...result.imported.map((n) => `  + ${n.e164}  ${n.friendlyName}  (${n.id})`),
            ...result.skipped.map((n) => `  - ${n.e164}  ${n.reason}`),
          ],
          json: result,
        };
      }
      const number = await context.withServices(({ db }) =>
        addNumber(db, {
          businessId,
          e164: required(values, 'e164'),
          name: required(values, 'name'),
          country: text(values, 'country'),
          type: text(values, 'type'),
          callFlow,
          smsCapable: !values['no-sms'],
        }),
      );
      return { text: [`Added ${number.e164} "${number.friendlyName}" (${number.country} ${number.type}${number.smsCapable ? '' : ', no SMS'}): ${number.id}`], json: number };
    },
  },

  'top-up': {
    summary: "Add funds to a business's balance",
    usage: 'threadline top-up --business-id <id> --amount <cents> [--description <text>]',
    options: { 'business-id': { type: 'string' }, amount: { type: 'string' }, description: { type: 'string' } },
    async run(values, _positionals, context) {
      const amount = wholeNumber(values, 'amount', { min: 1, max: 10_000_000 });
      if (amount === undefined) throw new UsageError('--amount is required (in cents: 2500 is $25.00)');
      const balance = await context.withServices((services) =>
        topUp(services, { businessId: required(values, 'business-id'), amount, description: text(values, 'description') }),
      );
      return { text: [`Balance is now ${formatMoney(balance.balance, balance.currency)}`], json: balance };
    },
  },

  'mint-token': {
    summary: 'Mint an embed token for a user of a business (for trying the API and widgets)',
    usage: `threadline mint-token --business-id <id> --user-id <id> --role ${ROLES.join('|')} [--ttl <seconds>]`,
    options: { 'business-id': { type: 'string' }, 'user-id': { type: 'string' }, role: { type: 'string' }, ttl: { type: 'string' } },
    async run(values, _positionals, context) {
      const role = required(values, 'role') as Role;
      if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
      const ttlSeconds = wholeNumber(values, 'ttl', { min: 60, max: MAX_EMBED_TOKEN_TTL_SECONDS }) ?? 3600;
      const config = context.config();
      const token = await context.withServices(({ db }) =>
        mintTokenFor(db, config.secret, { businessId: required(values, 'business-id'), userId: required(values, 'user-id'), role, ttlSeconds }),
      );
      return { text: [token.token, `(expires ${token.expiresAt})`], json: token };
    },
  },

  'seed-demo': {
    summary: `Create the demo business "${DEMO_BUSINESS_NAME}" with a few hundred conversations`,
    usage: 'threadline seed-demo',
    options: {},
    notes: ['Does nothing when the demo business already exists.'],
    async run(_values, _positionals, context) {
      const config = context.config();
      const result = await context.withServices(({ db }) => seedDemo(db, config));
      const { counts } = result;
      return {
        text: [
          result.created
            ? `Seeded ${DEMO_BUSINESS_NAME} (${result.businessId}): ${counts.threads} threads, ${counts.messages} messages, ${counts.calls} calls, ${counts.numbers} numbers`
            : `${DEMO_BUSINESS_NAME} already exists (${result.businessId}); nothing to do`,
        ],
        json: result,
      };
    },
  },

  simulate: {
    summary: 'Inject an inbound text or call, as the carrier would deliver it',
    usage:
      'threadline simulate inbound-sms --to <tracking number or id> --from <phone> [--body <text>] [--media image|audio|video|file ...]\n' +
      `       threadline simulate call --to <tracking number or id> --from <phone> --outcome ${SIMULATED_CALL_OUTCOMES.join('|')} [--duration <seconds>] [--recording]`,
    options: {
      to: { type: 'string' },
      from: { type: 'string' },
      body: { type: 'string' },
      media: { type: 'string', multiple: true },
      outcome: { type: 'string' },
      duration: { type: 'string' },
      recording: { type: 'boolean' },
    },
    notes: ['A running server picks the new activity up from the database within a second.'],
    async run(values, positionals, context) {
      const [kind] = positionals;
      if (kind === 'inbound-sms') {
        const media = ((values.media as string[] | undefined) ?? []).map((sample): SimulatedMedia => {
          if (!['image', 'audio', 'video', 'file'].includes(sample)) throw new UsageError('--media must be image, audio, video or file');
          return { sample: sample as 'image' };
        });
        const message = await context.withServices((services) =>
          injectInboundSms(services, { to: required(values, 'to'), from: required(values, 'from'), body: text(values, 'body') ?? '', media }),
        );
        return { text: [`Delivered ${message.media.length ? 'MMS' : 'SMS'} ${message.id} from ${message.from} to ${message.to} (thread ${message.threadId})`], json: message };
      }
      if (kind === 'call') {
        const outcome = required(values, 'outcome') as SimulatedCallOutcome;
        if (!SIMULATED_CALL_OUTCOMES.includes(outcome)) throw new UsageError(`--outcome must be one of ${SIMULATED_CALL_OUTCOMES.join(', ')}`);
        const call = await context.withServices((services) =>
          injectCall(services, {
            to: required(values, 'to'),
            from: required(values, 'from'),
            outcome,
            durationSeconds: wholeNumber(values, 'duration', { min: 0, max: 14_400 }),
            recording: Boolean(values.recording),
          }),
        );
        return { text: [`Recorded ${call.status} call ${call.id} from ${call.from} to ${call.to} (thread ${call.threadId})`], json: call };
      }
      throw new UsageError(kind ? `Unknown simulation "${kind}": use inbound-sms or call` : 'Say what to simulate: inbound-sms or call');
    },
  },

  demo: {
    summary: 'Migrate, seed the demo business if the database is empty, and serve',
    usage: 'threadline demo [--port <port>]',
    options: { port: { type: 'string' } },
    notes: ['Prints the URL, a ready owner embed token (valid 24 hours) and a curl example.'],
    run: (values, _positionals, context) =>
      serveUntilSignal(values, context, async (server) => {
        const { config, db } = server.services;
        if ((await db.business.count()) === 0) {
          const seeded = await seedDemo(db, config);
          context.io.err(`Seeded ${DEMO_BUSINESS_NAME}: ${seeded.counts.threads} conversations`);
        }
        const business =
          (await db.business.findFirst({ where: { name: DEMO_BUSINESS_NAME }, select: { id: true, name: true } })) ??
          (await db.business.findFirst({ orderBy: { createdAt: 'asc' }, select: { id: true, name: true } }));
        if (business) {
          const { token } = await mintTokenFor(db, config.secret, { businessId: business.id, userId: DEMO_USERS.owner, role: 'owner', ttlSeconds: 86_400 });
          const lines = [
            '',
            `Threadline demo is running on ${server.url}`,
            `  API reference: ${server.url}/v1/docs`,
            `  Business:      ${business.name} (${business.id})`,
            '',
            'Owner embed token (valid 24 hours):',
            `  ${token}`,
            '',
            'Try it:',
            `  curl -H "Authorization: Bearer ${token}" "${server.url}/v1/threads?limit=5"`,
            '',
            'Press Ctrl-C to stop.',
          ];
          // With --json, one line a script can read instead of the friendly text.
          if (values.json) context.io.out(JSON.stringify({ url: server.url, businessId: business.id, token }));
          else for (const line of lines) context.io.out(line);
        }
      }),
  },
};

function commandHelp(command: Command): string {
  const lines = [`${command.summary}.`, '', `Usage: ${command.usage}`];
  const flags = Object.entries(command.options).map(([flag, option]) => `  --${flag}${option.type === 'string' ? ' <value>' : ''}`);
  lines.push('', 'Options:', ...flags, '  --json            print the result as JSON', '  -h, --help        show this help');
  if (command.notes?.length) lines.push('', ...command.notes);
  return lines.join('\n');
}

function topHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length)) + 2;
  return [
    'threadline: operate a Threadline server (SMS and call conversations for embedding).',
    '',
    'Usage: threadline <command> [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}${command.summary}`),
    '',
    'Every command takes --help and --json. Configuration comes from the environment:',
    '  DATABASE_URL (default file:./data/threadline.db, or postgres://...), PORT, PUBLIC_URL,',
    '  THREADLINE_SECRET, CARRIER (simulator|twilio), TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN.',
  ].join('\n');
}

/** A message for an error a person can act on, with the field when there is one. */
function describe(error: unknown): { code: string; message: string; details?: Record<string, unknown> } {
  if (error instanceof ApiError) return { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) };
  const code = (error as { code?: unknown })?.code;
  // Prisma: "table does not exist" means the database was never migrated.
  if (code === 'P2021' || /no such table|does not exist in the current database/i.test(String((error as Error)?.message))) {
    return { code: 'not_migrated', message: 'The database has no Threadline tables yet: run `threadline migrate` first' };
  }
  if (error instanceof RangeError || error instanceof TypeError) return { code: 'invalid_request', message: error.message };
  return { code: 'error', message: error instanceof Error ? error.message : String(error) };
}

/**
 * Runs one CLI invocation and returns the exit code: 0 done, 1 failed, 2 called wrongly.
 * @example process.exitCode = await runCli(['create-agency', '--name', 'Bright Agency'])
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(topHelp());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`Unknown command "${name}". Run threadline --help for the list.`);
    return 2;
  }
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: rest, options: { ...GLOBAL_OPTIONS, ...command.options }, allowPositionals: name === 'simulate', strict: true }) as typeof parsed;
  } catch (error) {
    io.err(`${(error as Error).message}\n\nUsage: ${command.usage}\nRun threadline ${name} --help for details.`);
    return 2;
  }
  if (parsed.values.help) {
    io.out(commandHelp(command));
    return 0;
  }
  const json = Boolean(parsed.values.json);
  let config: Config | null = null;
  const context: Context = {
    io,
    config: () => (config ??= loadConfig(io.env)),
    async withServices(work) {
      const services = await createServices(context.config(), { worker: false });
      try {
        return await work(services);
      } finally {
        await closeServices(services);
      }
    },
  };
  try {
    const output = await command.run(parsed.values, parsed.positionals, context);
    if (json && output.json !== undefined) io.out(JSON.stringify(output.json, null, 2));
    else for (const line of output.text) io.out(line);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n\nUsage: ${command.usage}`);
      return 2;
    }
    const problem = describe(error);
    if (json) io.out(JSON.stringify({ error: problem }, null, 2));
    const field = typeof problem.details?.['field'] === 'string' ? ` (${problem.details['field']})` : '';
    const id = typeof problem.details?.['id'] === 'string' ? `: ${problem.details['id']}` : '';
    io.err(`Error: ${problem.message}${id}${field}`);
    return 1;
  }
}
