// Runs the real @threadline/server in a child process for the SDK's integration tests: a temp SQLite
// file, the simulator carrier, a free port. Test-only; not part of the public API.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The server package, found through the workspace. */
export const SERVER_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../server');
/** The operator CLI that `serve`s the app (THREADLINE_TEST_SERVER_CLI points the tests at another entry). */
export const SERVER_CLI = process.env.THREADLINE_TEST_SERVER_CLI ?? join(SERVER_DIR, 'src/cli/main.ts');
/** The secret the child server signs and verifies tokens with. */
export const TEST_SECRET = 'sdk-integration-secret-0123456789';

/** Whether the server package is far enough along to run these tests. */
export function serverReady(): boolean {
  return existsSync(SERVER_CLI) && existsSync(join(SERVER_DIR, 'src/testing/harness.ts'));
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A server child process that can be killed and started again on the same port and database. */
export interface RealServer {
  baseUrl: string;
  databaseUrl: string;
  /** Kills the process at once (SIGKILL: no graceful close of open streams). */
  kill(): Promise<void>;
  /** Starts it again with the same port and database. */
  start(): Promise<void>;
  /** Stops it and deletes its files. */
  dispose(): Promise<void>;
  /** What the process printed, for failure messages. */
  output(): string;
}

/** Starts the server on a migrated database (`databaseUrl`, e.g. from the server's test harness). */
export async function startRealServer(databaseUrl: string, env: Record<string, string> = {}): Promise<RealServer> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const mediaDir = mkdtempSync(join(tmpdir(), 'threadline-sdk-media-'));
  let child: ChildProcess | undefined;
  let log = '';

  async function start() {
    child = spawn(process.execPath, ['--import', 'tsx', SERVER_CLI, 'serve'], {
      cwd: SERVER_DIR,
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: databaseUrl,
        CARRIER: 'simulator',
        SIMULATOR_STEP_MS: '50',
        SIMULATOR_FAILURE_RATE: '0',
        THREADLINE_SECRET: TEST_SECRET,
        MEDIA_DIR: mediaDir,
        PUBLIC_URL: baseUrl,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk) => (log += chunk));
    child.stderr!.on('data', (chunk) => (log += chunk));
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log}`);
      try {
        if ((await fetch(`${baseUrl}/healthz`)).ok) return;
      } catch {}
      if (Date.now() > deadline) throw new Error(`server did not start in 30 s:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function kill() {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  }

  await start();
  return {
    baseUrl,
    databaseUrl,
    kill,
    start,
    async dispose() {
      await kill();
      rmSync(mediaDir, { recursive: true, force: true });
    },
    output: () => log,
  };
}
