// Browser tests in Chromium against the real Threadline server: scripts/test-server.ts starts it
// (fresh SQLite, simulator carrier, fixtures) once for the run, and the tests read its address and
// tokens from /__threadline__/fixtures.json, which the plugin below serves.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

function threadlineServer() {
  let child;
  let fixtures;
  let handedOut = 0;
  return {
    name: 'threadline-server',
    async serverStart() {
      child = spawn(process.execPath, ['--import', 'tsx', here('./scripts/test-server.ts')], {
        cwd: here('.'),
        // stdin stays open: the server stops when it closes (the runner died).
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      fixtures = await new Promise((resolve, reject) => {
        let output = '';
        const timer = setTimeout(() => reject(new Error(`The test server did not start in 120 s:\n${output}`)), 120_000);
        child.once('exit', (code) => reject(new Error(`The test server exited (${code}) before it was ready:\n${output}`)));
        child.stdout.on('data', (chunk) => {
          output += chunk;
          const line = output.split('\n').find((candidate) => candidate.startsWith('READY '));
          if (line) {
            clearTimeout(timer);
            resolve(JSON.parse(line.slice('READY '.length)));
          }
        });
      });
    },
    async serverStop() {
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    },
    serve(context) {
      if (context.path !== '/__threadline__/fixtures.json') return;
      // Each page gets the next of the server's addresses (see scripts/test-server.ts: one
      // connection pool per page, so live streams on one page never starve another's requests).
      const { baseUrls, ...rest } = fixtures;
      const baseUrl = baseUrls[handedOut++ % baseUrls.length];
      return { body: JSON.stringify({ ...rest, baseUrl }), type: 'application/json' };
    },
  };
}

export default {
  rootDir: here('../..'),
  files: [here('./src/**/*.test.ts')],
  nodeResolve: true,
  plugins: [esbuildPlugin({ ts: true, tsconfig: here('./tsconfig.json'), target: 'es2022' }), threadlineServer()],
  browsers: [
    chromeLauncher({
      // Tests run in several pages at once; each behaves as the focused one, so focus events fire.
      async createPage({ context }) {
        const page = await context.newPage();
        const session = await page.createCDPSession();
        await session.send('Emulation.setFocusEmulationEnabled', { enabled: true });
        return page;
      },
      launchOptions: {
        executablePath: '/usr/bin/chromium',
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
      },
    }),
  ],
  concurrency: 4,
  testFramework: { config: { timeout: 20_000 } },
  testsFinishTimeout: 300_000,
};
