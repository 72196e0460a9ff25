// Starts the demo the way a newcomer does (`threadline demo`), from scratch: a fresh SQLite file in a
// temp folder, the simulator carrier, the seeded demo business, a free port. Also runs other
// operator commands (top-up) against the same database, as an operator would.
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'packages/server/bin/threadline.js');

/** A running demo server. */
export interface Demo {
  url: string;
  businessId: string;
  /** The owner embed token the demo printed. */
  token: string;
  /** Runs a `threadline` command against the demo's database and returns its parsed `--json` output. */
  cli(args: string[]): Promise<unknown>;
  /** Calls the API as the owner. */
  api<T>(method: string, path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, entry) => (entry === 'node_modules' || entry === 'dist' ? newest : Math.max(newest, newestChange(join(path, entry)))), stat.mtimeMs);
}

/**
 * Builds a package's `vite build` output when it is missing or older than its sources (the demo
 * serves the widgets bundle and the React example from their dist/ folders, which are not committed).
 */
export function ensureBuilt(packageName: string, output: string, sources: string[]): void {
  const built = existsSync(output) ? statSync(output).mtimeMs : 0;
  if (built && sources.every((source) => newestChange(join(ROOT, source)) <= built)) return;
  const result = spawnSync('pnpm', ['--filter', packageName, 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`Building ${packageName} failed:\n${result.stdout}\n${result.stderr}`);
}

/** Builds what the demo pages load: the widgets' ES bundle and the React example. */
export function buildFrontEnds(): void {
  ensureBuilt('@threadline/widgets', join(ROOT, 'packages/widgets/dist/threadline-widgets.js'), ['packages/widgets/src', 'packages/sdk/src']);
  ensureBuilt('@threadline/example-react', join(ROOT, 'examples/react/dist/index.html'), ['examples/react/src', 'examples/react/index.html', 'packages/widgets/src', 'packages/sdk/src']);
}

/** A port nothing listens on right now. */
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

/** Reads the first stdout line that is JSON. */
function firstJsonLine(child: ChildProcess, what: string, timeoutMs: number): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`${what} printed nothing in ${timeoutMs / 1000} s`)), timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (const line of buffer.split('\n')) {
        if (!line.startsWith('{')) continue;
        try {
          const parsed = JSON.parse(line) as Record<string, string>;
          clearTimeout(timer);
          resolve(parsed);
          return;
        } catch {
          // a partial line; wait for the rest
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code} before it was ready (see the log in e2e/artifacts/)`));
    });
  });
}

/**
 * Starts `threadline demo --json` on a free port with a fresh database. `env` adds or overrides settings
 * (e.g. higher rates so the balance runs out within a test).
 * @example const demo = await startDemo({ RATE_SMS_OUTBOUND: '1000' });
 */
export async function startDemo(env: Record<string, string> = {}, logFile?: string): Promise<Demo> {
  const dir = mkdtempSync(join(tmpdir(), 'threadline-e2e-'));
  const port = await freePort();
  const environment: NodeJS.ProcessEnv = {
    ...process.env,
    // PORT rather than --port: media and recording links are built from PUBLIC_URL, which follows PORT.
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: `file:${join(dir, 'demo.db')}`,
    MEDIA_DIR: join(dir, 'media'),
    CARRIER: 'simulator',
    THREADLINE_SECRET: 'e2e-secret-at-least-16-characters',
    SIMULATOR_FAILURE_RATE: '0',
    SIMULATOR_STEP_MS: '150',
    SETUP_SIMULATOR_DELAY_MS: '500',
    ...env,
  };
  for (const name of ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'DEV_ENDPOINTS']) delete environment[name];
  const child = spawn(process.execPath, [CLI, 'demo', '--json'], { cwd: dir, env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
  if (logFile) {
    mkdirSync(dirname(logFile), { recursive: true });
    child.stderr!.pipe(createWriteStream(logFile));
  }
  else child.stderr!.resume();
  const ready = await firstJsonLine(child, 'threadline demo', 120_000).catch((error) => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  // The CLI prints localhost; 127.0.0.1 (as in PUBLIC_URL) keeps the page and its media on one origin.
  const url = ready.url!.replace('//localhost:', '//127.0.0.1:');

  async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(url + path, {
      method,
      headers: { authorization: `Bearer ${ready.token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = await response.json();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(data)}`);
    return data as T;
  }

  return {
    url,
    businessId: ready.businessId!,
    token: ready.token!,
    api,
    async cli(args) {
      // Asynchronously: a blocked event loop would let the server drop this process's idle keep-alive sockets.
      const { stdout } = await promisify(execFile)(process.execPath, [CLI, ...args, '--json'], { cwd: dir, env: environment, encoding: 'utf8' }).catch((error) => {
        throw new Error(`threadline ${args.join(' ')} failed: ${error.stderr ?? error.message}`);
      });
      return JSON.parse(stdout);
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
