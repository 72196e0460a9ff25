// How <tl-thread-list> scrolls through 10,000 conversations, in Chromium, from the built bundle:
//   pnpm --filter @threadline/widgets bench:scroll          (add --help for the settings)
// Builds a SQLite file with BENCH_THREADS threads (10,000) through bench/seed.ts, starts the real
// server on it, builds the widgets bundle, and opens a page with one <tl-thread-list> in Debian's
// Chromium (playwright-core, from the e2e package). Then it prints:
//   1. time to the first rows;
//   2. infinite scroll: the time to load every thread by scrolling to the end, page after page;
//   3. smoothness with everything loaded: the list is scrolled down a step per frame, and
//      the frame intervals (p50 / p95 / p99 / max, frames over 50 ms) and the rows in the DOM are
//      recorded in the page;
//   4. jumps: the time from setting scrollTop to a far position until its rows are on screen.
// Numbers are printed, not judged: headless Chromium on a shared machine is noisy, so compare runs
// made on the same machine.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../packages/server/src/cli/server.ts';
import { testConfig, tokenFor } from '../packages/server/src/testing/harness.ts';
import { buildBenchDatabase } from './seed.ts';

if (process.argv.includes('--help')) {
  console.log(`Usage: pnpm --filter @threadline/widgets bench:scroll

Times <tl-thread-list> over many threads in headless Chromium and prints the numbers.
Environment:
  BENCH_THREADS   threads in the business (default 10000)
  BENCH_EVENTS    timeline events in all (default 3 per thread)
  BENCH_STEP_PX   pixels scrolled per frame in the smoothness pass (default 240)
  BENCH_FRAMES    frames in the smoothness pass at most (default 1500)
  CHROMIUM_PATH   the browser (default /usr/bin/chromium)`);
  process.exit(0);
}

const THREADS = Number(process.env.BENCH_THREADS ?? 10_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? THREADS * 3);
const STEP_PX = Number(process.env.BENCH_STEP_PX ?? 240);
const FRAMES = Number(process.env.BENCH_FRAMES ?? 1500);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

// playwright-core is the e2e package's dependency (the bench folder has no node_modules).
type Page = {
  route(url: string, handler: (route: { fulfill(response: { contentType: string; body: string }): Promise<void> }) => Promise<void>): Promise<void>;
  goto(url: string): Promise<unknown>;
  waitForFunction<T>(fn: (arg: T) => unknown, arg: T, options?: { timeout?: number; polling?: number | 'raf' }): Promise<unknown>;
  evaluate<R, T>(fn: (arg: T) => R | Promise<R>, arg: T): Promise<R>;
  on(event: 'pageerror', listener: (error: Error) => void): void;
  addInitScript(script: string): Promise<void>;
};
type Browser = { newPage(options: { viewport: { width: number; height: number } }): Promise<Page>; close(): Promise<void> };
const e2eRequire = createRequire(join(ROOT, 'e2e/package.json'));
const { chromium } = e2eRequire('playwright-core') as { chromium: { launch(options: { executablePath: string; args: string[] }): Promise<Browser> } };

const build = spawnSync('pnpm', ['--filter', '@threadline/widgets', 'build'], { cwd: ROOT, encoding: 'utf8' });
if (build.status !== 0) throw new Error(`The widgets build failed:\n${build.stdout}\n${build.stderr}`);

const dir = mkdtempSync(join(tmpdir(), 'threadline-scroll-'));
const path = join(dir, 'bench.db');
const url = `file:${path}`;
console.log(`Building ${THREADS.toLocaleString('en-US')} threads / ${EVENTS.toLocaleString('en-US')} events ...`);
const data = await buildBenchDatabase(url, path, { threads: THREADS, events: EVENTS });
console.log(`  built in ${data.seconds.toFixed(1)} s`);

const config = testConfig(url, { port: 0, setupPoller: false, simulatorStepMs: 0 });
const server = await startServer(config, () => {});
const token = await tokenFor(config, data.businessId, 'owner');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-dev-shm-usage'],
});

const ms = (value: number) => `${value.toFixed(1)} ms`;
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};

try {
  const page = await browser.newPage({ viewport: { width: 480, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // tsx (esbuild, keepNames) wraps the functions handed to page.evaluate in __name(), which only
  // exists in Node: give the page a do-nothing one.
  await page.addInitScript('window.__name = (target) => target;');
  // The page comes from the server's origin, so the bundle it serves loads as a same-origin module.
  await page.route(`${server.url}/bench`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en-US"><body style="margin:0">
        <tl-provider base-url="${server.url}" token="${token}">
          <tl-thread-list style="display:block;height:700px"></tl-thread-list>
        </tl-provider>
        <script type="module" src="/assets/threadline-widgets.js"></script>
      </body></html>`,
    }),
  );

  // In the page: the list's scroller and its rows.
  const setup = () => {
    const host = document.querySelector('tl-thread-list')!;
    const w = window as unknown as { bench: Record<string, unknown> };
    w.bench = {
      scroller: () => host.shadowRoot!.querySelector<HTMLElement>('[role="listbox"]'),
      rows: () => host.shadowRoot!.querySelectorAll('[role="option"]'),
      state: () => (host as unknown as { controller: { state: { items: unknown[]; nextCursor: string | null; isLoadingNext: boolean } } }).controller.state,
    };
  };

  const opened = Date.now();
  await page.goto(`${server.url}/bench`);
  await page.waitForFunction(() => customElements.get('tl-thread-list'), null);
  await page.evaluate(setup, null);
  await page.waitForFunction(() => (window as any).bench.rows().length > 0, null, { polling: 'raf' });
  console.log(`\n1. First rows on screen: ${ms(Date.now() - opened)} after navigation (bundle, token, first page)`);

  // 2. Infinite scroll: to the end, again and again, until every thread is loaded.
  const loading = await page.evaluate(async (total) => {
    const bench = (window as any).bench;
    const started = performance.now();
    let pages = 1;
    while (bench.state().items.length < total || bench.state().nextCursor) {
      const before = bench.state().items.length;
      const scroller = bench.scroller();
      scroller.scrollTop = scroller.scrollHeight;
      const waitStart = performance.now();
      while (bench.state().items.length === before && bench.state().nextCursor) {
        await new Promise(requestAnimationFrame);
        if (performance.now() - waitStart > 15_000) throw new Error(`No new page after ${before} threads`);
        scroller.scrollTop = scroller.scrollHeight;
      }
      if (bench.state().items.length > before) pages++;
      if (!bench.state().nextCursor) break;
    }
    return { ms: performance.now() - started, pages, items: bench.state().items.length, rows: bench.rows().length };
  }, THREADS);
  console.log(`2. Infinite scroll to the end: ${loading.items.toLocaleString('en-US')} threads in ${loading.pages} pages, ${(loading.ms / 1000).toFixed(1)} s (${ms(loading.ms / loading.pages)} per page, request and render); ${loading.rows} rows in the DOM at the end`);

  // The browser's own frame pace with nothing to do: headless Chromium without a GPU may not
  // reach 60 frames a second, so step 3 is read against this.
  const idle = await page.evaluate(async () => {
    const intervals: number[] = [];
    let last = await new Promise<number>(requestAnimationFrame);
    for (let i = 0; i < 120; i++) {
      const now = await new Promise<number>(requestAnimationFrame);
      intervals.push(now - last);
      last = now;
    }
    return intervals;
  }, null);
  console.log(`   Idle page, for reference: frame interval p50 ${ms(percentile(idle, 50))}, p95 ${ms(percentile(idle, 95))}`);

  // 3. Smoothness: top to bottom, STEP_PX per frame, everything loaded.
  const smooth = await page.evaluate(async ([step, most]) => {
    const bench = (window as any).bench;
    const scroller: HTMLElement = bench.scroller();
    scroller.scrollTop = 0;
    for (let i = 0; i < 10; i++) await new Promise(requestAnimationFrame);
    const intervals: number[] = [];
    let maxRows = 0;
    let last = await new Promise<number>(requestAnimationFrame);
    while (intervals.length < most && scroller.scrollTop + scroller.clientHeight < scroller.scrollHeight - 1) {
      scroller.scrollTop += step;
      const now = await new Promise<number>(requestAnimationFrame);
      intervals.push(now - last);
      last = now;
      maxRows = Math.max(maxRows, bench.rows().length);
    }
    return { intervals, maxRows, nodes: scroller.childNodes.length, height: scroller.scrollHeight, reached: scroller.scrollTop / scroller.scrollHeight };
  }, [STEP_PX, FRAMES]);
  const frames = smooth.intervals;
  const long = frames.filter((interval) => interval > 50).length;
  console.log(
    `3. Scrolling down the loaded list at ${STEP_PX} px a frame: ${frames.length} frames, ${(smooth.reached * 100).toFixed(0)}% of ${(smooth.height / 1000).toFixed(0)}k px; ` +
      `interval p50 ${ms(percentile(frames, 50))}, p95 ${ms(percentile(frames, 95))}, p99 ${ms(percentile(frames, 99))}, max ${ms(Math.max(...frames))}; ` +
      `${long} over 50 ms; at most ${smooth.maxRows} rows in the DOM, ${smooth.nodes} nodes in the list at the end`,
  );

  // 4. Jumps: far positions, time until a row of that region is on screen.
  const jumps = await page.evaluate(async () => {
    const bench = (window as any).bench;
    const scroller: HTMLElement = bench.scroller();
    const times: number[] = [];
    for (const fraction of [0.9, 0.1, 0.6, 0.3, 0.75, 0.05, 0.5, 0.95, 0.2, 0.4]) {
      const started = performance.now();
      scroller.scrollTop = (scroller.scrollHeight - scroller.clientHeight) * fraction;
      // Until rows cover the middle of the viewport (the virtualizer may still correct the
      // position once it measures the new rows).
      for (;;) {
        await new Promise(requestAnimationFrame);
        const box = scroller.getBoundingClientRect();
        const middle = box.top + box.height / 2;
        const covered = [...bench.rows()].some((row: Element) => {
          const rect = row.getBoundingClientRect();
          return rect.top <= middle && rect.bottom >= middle;
        });
        if (covered) break;
        if (performance.now() - started > 5000) throw new Error(`No rows on screen 5 s after a jump to ${fraction * 100}%`);
      }
      times.push(performance.now() - started);
    }
    return times;
  }, null);
  console.log(`4. Jumps to 10 far positions: rows on screen after p50 ${ms(percentile(jumps, 50))}, max ${ms(Math.max(...jumps))}`);
  if (errors.length) console.log(`Page errors: ${errors.join('; ')}`);
} finally {
  await browser.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(config.mediaDir, { recursive: true, force: true });
}
