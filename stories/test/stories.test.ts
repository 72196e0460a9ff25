// Opens every story of the static Storybook build in Chromium (as a visitor of the hosted build
// would) and checks that it renders its component with content and without a single error. Run
// after `storybook build` (the package's `test` script does both). Screenshots go to artifacts/.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';

const root = fileURLToPath(new URL('../storybook-static/', import.meta.url));
const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));
/** The Chromium flags that work on these machines (see ENV.md). */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

// In-page code goes as a string: tsx would wrap named functions in a `__name` helper the page lacks.
// It finds the story's Threadline element and collects its text, shadow roots included.
const RENDERED_TEXT = `(() => {
  const element = document.querySelector('#storybook-root tl-inbox, #storybook-root tl-provider tl-thread-list, #storybook-root tl-thread-list, #storybook-root tl-timeline, #storybook-root tl-composer, #storybook-root tl-messaging-setup');
  const text = (node) => {
    if (!node) return '';
    let out = node.nodeType === Node.TEXT_NODE ? (node.textContent || '') : '';
    if (node instanceof Element && node.shadowRoot) out += text(node.shadowRoot);
    for (const child of Array.from(node.childNodes)) out += text(child);
    return out;
  };
  return { tag: element ? element.tagName.toLowerCase() : null, text: text(element).replace(/\\s+/g, ' ').trim() };
})()`;

interface IndexEntry {
  id: string;
  title: string;
  name: string;
  type: 'story' | 'docs';
  componentPath?: string;
}

let server: PreviewServer;
let browser: Browser;
let baseUrl: string;

before(async () => {
  assert.ok(existsSync(join(root, 'index.json')), 'storybook-static/ is missing: run `storybook build` first');
  // Vite's static preview server, as any static host would serve the build.
  server = await preview({ configFile: false, logLevel: 'silent', root: fileURLToPath(new URL('..', import.meta.url)), build: { outDir: 'storybook-static' }, preview: { host: '127.0.0.1', port: 0 } });
  baseUrl = server.resolvedUrls!.local[0]!.replace(/\/$/, '');
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  mkdirSync(artifacts, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const index = JSON.parse(readFileSync(join(root, 'index.json'), 'utf8')) as { entries: Record<string, IndexEntry> };
const stories = Object.values(index.entries).filter((entry) => entry.type === 'story');

test('the build has a story for every component', () => {
  const titles = new Set(stories.map((story) => story.title));
  for (const title of ['Inbox', 'Thread list', 'Timeline', 'Composer', 'Messaging setup', 'Provider', 'Theming']) assert.ok(titles.has(title), `no "${title}" stories`);
  assert.ok(stories.length >= 40, `only ${stories.length} stories`);
});

// One page for all stories, switched the way Storybook's own manager switches them (a channel
// message), so the 2 MB preview bundle is parsed once rather than once per story.
const SHOW_STORY = `(storyId) => new Promise((resolve) => {
  const channel = window.__STORYBOOK_ADDONS_CHANNEL__;
  const timer = setTimeout(() => finish('timeout', 'the story did not finish rendering in 30 s'), 30000);
  const events = ['storyRendered', 'storyErrored', 'storyThrewException', 'playFunctionThrewException', 'storyMissing'];
  const handlers = events.map((name) => [name, (detail) => finish(name, detail)]);
  const finish = (name, detail) => {
    clearTimeout(timer);
    handlers.forEach(([event, handler]) => channel.off(event, handler));
    resolve({ event: name, detail: name === 'storyRendered' ? null : String(detail && (detail.message || detail.description || detail.title) || detail) });
  };
  handlers.forEach(([event, handler]) => channel.on(event, handler));
  channel.emit('setCurrentStory', { storyId, viewMode: 'story' });
})`;

let page: Page;
const errors: string[] = [];

test('the preview loads', async () => {
  page = await browser.newPage({ viewport: { width: 1200, height: 720 } });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  // Failed loads are recorded with their URL (the console's own line has none); a browser's
  // automatic favicon request is not the page's.
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(`console: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) errors.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  page.on('requestfailed', (request) => {
    if (!request.url().startsWith('blob:') && request.failure()?.errorText !== 'net::ERR_ABORTED') errors.push(`request failed: ${request.url()} (${request.failure()?.errorText})`);
  });
  await page.goto(`${baseUrl}/iframe.html?id=${stories[0]!.id}&viewMode=story`);
  await page.waitForFunction(() => document.body.classList.contains('sb-show-main') || document.body.classList.contains('sb-show-errordisplay'), null, { timeout: 30_000 });
});

for (const story of stories) {
  test(`${story.title} / ${story.name} renders without errors`, async () => {
    // The first story is the one the page opened with; the rest are switched to.
    if (story !== stories[0]) {
      errors.length = 0;
      const result = (await page.evaluate(`(${SHOW_STORY})(${JSON.stringify(story.id)})`)) as { event: string; detail: string | null };
      assert.equal(result.event, 'storyRendered', `${result.event}: ${result.detail}`);
    }
    // Let loads, live events and animations settle before judging what is on screen.
    await page.waitForTimeout(900);
    const rendered = (await page.evaluate(RENDERED_TEXT)) as { tag: string | null; text: string };
    assert.ok(rendered.tag, 'no Threadline element on the page');
    assert.ok(rendered.text.length > 0, `<${rendered.tag}> rendered no text`);
    assert.deepEqual(errors, []);
    await page.screenshot({ path: join(artifacts, `${story.id}.png`) });
  });
}

// The docs pages: generated from the components' JSDoc through the custom-elements manifest, so
// each must list the element's attributes, events, CSS parts and custom properties.
const manifest = JSON.parse(readFileSync(new URL('../generated/custom-elements.json', import.meta.url), 'utf8')) as {
  modules: Array<{ declarations?: Array<{ tagName?: string; attributes?: Array<{ name: string }>; events?: Array<{ name: string }>; cssParts?: Array<{ name: string }>; cssProperties?: Array<{ name: string }> }> }>;
};
const TAGS: Record<string, string> = { Inbox: 'tl-inbox', 'Thread list': 'tl-thread-list', Timeline: 'tl-timeline', Composer: 'tl-composer', 'Messaging setup': 'tl-messaging-setup', Provider: 'tl-provider' };
const SHOW_DOCS = SHOW_STORY.replace("'storyRendered', 'storyErrored'", "'docsRendered', 'storyErrored'").replace("name === 'storyRendered'", "name === 'docsRendered'").replace("viewMode: 'story'", "viewMode: 'docs'");
const docs = Object.values(index.entries).filter((entry) => entry.type === 'docs' && TAGS[entry.title]);

for (const entry of docs) {
  test(`${entry.title} docs list the element's API from its JSDoc`, async () => {
    errors.length = 0;
    const result = (await page.evaluate(`(${SHOW_DOCS})(${JSON.stringify(entry.id)})`)) as { event: string; detail: string | null };
    assert.equal(result.event, 'docsRendered', `${result.event}: ${result.detail}`);
    const element = manifest.modules.flatMap((module) => module.declarations ?? []).find((declaration) => declaration.tagName === TAGS[entry.title])!;
    const expected = [element.attributes?.[0], element.events?.[0], element.cssParts?.[0], element.cssProperties?.[0]].filter((item): item is { name: string } => Boolean(item)).map((item) => item.name);
    assert.ok(expected.length > 0, 'the manifest documents something');
    await page.waitForTimeout(500);
    const text = (await page.locator('#storybook-docs').innerText()).replace(/\s+/g, ' ');
    for (const name of expected) assert.ok(text.includes(name), `the docs page does not mention ${name}`);
    await page.screenshot({ path: join(artifacts, `docs--${entry.id}.png`), fullPage: false });
  });
}
