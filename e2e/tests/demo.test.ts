// The whole product as a user meets it: `threadline demo` from scratch, the demo page in Chromium,
// and the inbox used by hand: search, filters, live inbound texts and calls, replies that reach
// "Delivered", an MMS, the readiness guidance of numbers that cannot send (or send with a warning),
// the balance block and a top-up, roles, and the same widgets in a plain page and a React app.
// Screenshots of each key screen go to e2e/artifacts/.
//
// Outbound rates are raised to $10 a text so the seeded $25.00 runs out within the test.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page as PageOf, Thread, TrackingNumber } from '@threadline/sdk';
import type { Browser, Locator, Page } from 'playwright-core';
import { ARTIFACTS, launchBrowser, screenshot, watchErrors } from '../support/browser.ts';
import { buildFrontEnds, startDemo, type Demo } from '../support/demo.ts';

let demo: Demo;
let browser: Browser;
let page: Page;
let errors: string[];
let numbers: TrackingNumber[];

/** Polls `check` until it holds (the UI updates asynchronously: live events, status steps). */
async function until(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
}

const number = (name: string) => {
  const found = numbers.find((candidate) => candidate.friendlyName.startsWith(name));
  assert.ok(found, `the demo has no tracking number "${name}"`);
  return found;
};

// Playwright's CSS engine pierces open shadow roots, so these reach inside the widgets.
const rows = () => page.locator('tl-thread-list [part~="item"]');
const search = () => page.locator('tl-thread-list [part="search-input"]');
const composer = () => page.locator('tl-inbox tl-composer');
const textarea = () => composer().locator('[part="textarea"]');
const sendButton = () => composer().locator('[part="send-button"]');
const notices = () => composer().locator('#notices');
const composerForm = () => composer().locator('[part="form"]');
const lastOutbound = () => page.locator('tl-timeline [part~="message-outbound"]').last();
const text = async (locator: Locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();

/** "(813) 555-0177", as the widgets show a US/CA number. */
const national = (e164: string) => `(${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8)}`;
const titleOf = (thread: Thread) => thread.contact.name ?? national(thread.contact.e164);

/** Plays the customer through the demo page's panel: a text (optionally MMS) to a tracking number. */
async function customerTexts(from: string, to: TrackingNumber, body: string) {
  await page.fill('#customer', from);
  await page.selectOption('#tracking-number', to.id);
  await page.fill('#text-body', body);
  await page.getByRole('button', { name: 'Send text to the business' }).click();
  await until(async () => (await text(page.locator('#result'))).startsWith('Text delivered'), 'the panel to confirm the text');
}

async function customerCalls(from: string, to: TrackingNumber, outcome: 'answered' | 'missed' | 'voicemail') {
  await page.fill('#customer', from);
  await page.selectOption('#tracking-number', to.id);
  await page.check(`input[name="outcome"][value="${outcome}"]`);
  await page.getByRole('button', { name: 'Place call' }).click();
  await until(async () => (await text(page.locator('#result'))).includes(outcome), 'the panel to confirm the call');
}

async function firstRowIs(title: string) {
  await until(async () => (await text(rows().first())).includes(title), `"${title}" at the top of the list`);
}

async function openRow(title: string) {
  await search().fill(title.replace(/\D/g, '').length >= 7 ? title.replace(/\D/g, '') : title);
  await until(async () => (await rows().count()) > 0 && (await text(rows().first())).includes(title), `a row for ${title}`);
  await rows().first().click();
  await search().fill('');
}

/** A real PNG to attach, drawn by the browser itself (a 240×160 gradient with a pin). */
async function parkingMapPng(): Promise<Buffer> {
  const dataUrl = (await page.evaluate(`(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 240;
    canvas.height = 160;
    const context = canvas.getContext('2d');
    const gradient = context.createLinearGradient(0, 0, 240, 160);
    gradient.addColorStop(0, '#9bd4a8');
    gradient.addColorStop(1, '#6aa6e8');
    context.fillStyle = gradient;
    context.fillRect(0, 0, 240, 160);
    context.fillStyle = '#d92d20';
    context.beginPath();
    context.arc(150, 70, 14, 0, Math.PI * 2);
    context.fill();
    return canvas.toDataURL('image/png');
  })()`)) as string;
  return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
}

async function typeReply(body: string) {
  await textarea().fill(body);
}

before(async () => {
  buildFrontEnds();
  demo = await startDemo({ RATE_SMS_OUTBOUND: '1000', RATE_MMS_OUTBOUND: '1000' }, join(ARTIFACTS, 'demo-server.log'));
  numbers = (await demo.api<{ items: TrackingNumber[] }>('GET', '/v1/numbers')).items;
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  errors = watchErrors(page);
});

after(async () => {
  await browser?.close();
  await demo?.stop();
});

describe('the demo, used in a browser', () => {
  test('opens on the seeded business, newest conversation first', async () => {
    await page.goto(`${demo.url}/`);
    await until(async () => (await rows().count()) >= 8, 'the thread list to fill');
    assert.match(await text(page.locator('header h1')), /Sunshine Dental & Ortho/);
    const [newest] = (await demo.api<PageOf<Thread>>('GET', '/v1/threads?limit=1')).items;
    assert.ok((await text(rows().first())).includes(titleOf(newest!)), 'the first row is the newest thread');
    await screenshot(page, '01-inbox');
  });

  test('search finds a contact by name; a tracking-number filter narrows the list', async () => {
    const { items } = await demo.api<PageOf<Thread>>('GET', '/v1/threads?limit=100');
    const named = items.find((thread) => thread.contact.name)!;
    const lastName = named.contact.name!.split(' ').pop()!;
    const expected = (await demo.api<PageOf<Thread>>('GET', `/v1/threads?limit=100&q=${encodeURIComponent(lastName)}`)).items;
    await search().fill(lastName);
    await until(async () => (await rows().count()) === expected.length, `${expected.length} rows for "${lastName}"`);
    for (const row of await rows().all()) assert.match(await text(row), new RegExp(lastName, 'i'));
    await screenshot(page, '02-search');
    await search().fill('');

    const toronto = number('Toronto Office');
    const filtered = (await demo.api<PageOf<Thread>>('GET', `/v1/threads?limit=5&trackingNumberId=${toronto.id}`)).items;
    assert.ok(filtered.length > 0, 'the seed has Toronto threads');
    await page.locator('tl-thread-list [part="filters"] summary').click();
    await page.locator('tl-thread-list [part="filters"] select').first().selectOption(toronto.id);
    await until(async () => (await text(rows().first())).includes(titleOf(filtered[0]!)), 'the filtered list');
    const shown = await Promise.all((await rows().all()).slice(0, filtered.length).map(text));
    filtered.forEach((thread, index) => assert.ok(shown[index]!.includes(titleOf(thread)), `row ${index} is ${titleOf(thread)}`));
    await screenshot(page, '03-filter');
    await page.locator('tl-thread-list [part="clear-filters"]').click();
  });

  let regular: Thread;

  test('an inbound text and a missed call move an old thread to the top, unread', async () => {
    const { items } = await demo.api<PageOf<Thread>>('GET', '/v1/threads?limit=30');
    regular = items.slice(10).find((thread) => thread.unreadCount === 0 && !thread.contact.optedOut)!;
    assert.ok(regular, 'an older, read thread');
    const intake = number('Main Intake');
    await customerTexts(national(regular.contact.e164), intake, 'Is my appointment still on for Thursday?');
    await firstRowIs(titleOf(regular));
    const badge = rows().first().locator('[part~="unread-badge"]');
    await until(async () => (await text(badge)).includes('1'), 'an unread badge of 1');
    await screenshot(page, '04-inbound-text-on-top');

    await customerCalls(national(regular.contact.e164), intake, 'missed');
    await until(async () => (await text(rows().first())).includes('Missed call') && (await text(badge)).includes('2'), 'the missed call on top, 2 unread');
    await screenshot(page, '05-missed-call-on-top');
  });

  test('opening the thread shows the text and the call, and marks it read', async () => {
    await rows().first().click();
    const timeline = page.locator('tl-inbox tl-timeline [part="log"]');
    await until(async () => (await text(timeline)).includes('Is my appointment still on for Thursday?'), 'the inbound text in the timeline');
    assert.equal(await timeline.locator('[part~="call-missed"]').count() > 0, true, 'the missed call is in the timeline');
    await until(async () => (await rows().first().locator('[part~="unread-badge"]').count()) === 0, 'the unread badge to clear');
    await screenshot(page, '06-thread-open');
  });

  test('a reply shows its cost before Send, then goes queued → sent → delivered', async () => {
    await composer().locator('[part="from-select"]').selectOption(number('Main Intake').id);
    await typeReply('Yes! See you Thursday at 2:15 PM.');
    await until(async () => (await text(composerForm())).includes('Cost $10.00'), 'the cost in the meter');
    await sendButton().click();
    await until(async () => (await text(lastOutbound())).includes('Yes! See you Thursday at 2:15 PM.'), 'the reply in the timeline');
    await until(async () => (await lastOutbound().locator('[part~="status-delivered"]').count()) === 1, 'the reply to reach Delivered');
    assert.equal(await textarea().inputValue(), '', 'the composer is cleared');
    await screenshot(page, '07-reply-delivered');
  });

  test('a toll-free number pending verification warns, and still sends', async () => {
    const radio = number('Radio Spots');
    assert.equal(radio.readiness.state, 'toll_free_pending');
    await customerTexts('(813) 555-0289', radio, 'Heard your ad on the radio. Are you open Saturdays?');
    await openRow('(813) 555-0289');
    await typeReply('Yes, 9 to 1 on Saturdays!');
    await until(async () => (await text(notices())).includes(radio.readiness.message!), 'the toll-free warning');
    assert.equal(await sendButton().isDisabled(), false, 'Send is allowed');
    await screenshot(page, '08-toll-free-warning');
    await sendButton().click();
    await until(async () => (await lastOutbound().locator('[part~="status-delivered"]').count()) === 1, 'the toll-free reply to reach Delivered');
  });

  test('a number without 10DLC says which step is missing; the setup widget assigns it', async () => {
    const billboard = number('Billboard I-4');
    assert.equal(billboard.readiness.canSend, false);
    assert.equal(billboard.readiness.state, 'number_unassigned');
    await customerTexts('(813) 555-0288', billboard, 'Saw your billboard on I-4. Do you do Invisalign?');
    await openRow('(813) 555-0288');
    await typeReply('Yes we do! Want a free consult?');
    await until(async () => (await text(notices())).includes(billboard.readiness.message!), `the guidance "${billboard.readiness.message}"`);
    assert.equal(await sendButton().isDisabled(), true, 'Send is disabled');
    const action = notices().locator('[part~="notice-action"]', { hasText: billboard.readiness.action!.label });
    await action.waitFor();
    await screenshot(page, '09-10dlc-guidance');

    // Step 3 of 10DLC: the brand and campaign are approved in the seed; assign this number.
    await action.click();
    const setup = page.locator('tl-inbox tl-messaging-setup');
    const row = setup.locator('li[part="number"]', { hasText: 'Billboard I-4' });
    await row.waitFor();
    assert.equal(await row.locator('input[type="checkbox"]').isChecked(), true, 'the number the user came from is preselected');
    await screenshot(page, '10-setup-assign');
    await setup.locator('[part="assign-button"]').click();
    await until(async () => (await row.locator('[part~="badge-warning"]').count()) === 1, 'Billboard I-4 to show the assignment as pending');
    await screenshot(page, '11-setup-assignment-pending');
  });

  test('the balance blocks an MMS before Send; the operator tops up', async () => {
    // $25.00 - two $10 texts (and a cent per inbound text) is under the $10 an MMS costs here.
    const { balance } = await demo.api<{ balance: number }>('GET', '/v1/billing/balance');
    assert.ok(balance < 1000, `the balance (${balance}) is below an MMS`);
    const dollars = (cents: number) => `$${(cents / 100).toFixed(2)}`;
    await openRow(titleOf(regular));
    await composer().locator('[part="from-select"]').selectOption(number('Main Intake').id);
    await composer().locator('input[type="file"]').setInputFiles({ name: 'parking-map.png', mimeType: 'image/png', buffer: await parkingMapPng() });
    await typeReply('Here is where to park.');
    await until(async () => (await text(notices())).includes(`Balance ${dollars(balance)} is below the $10.00 send cost`), 'the balance refusal');
    assert.equal(await sendButton().isDisabled(), true);
    await composer().locator('[part~="notice-action"]', { hasText: 'Add funds' }).waitFor();
    await screenshot(page, '12-balance-block');

    // The operator adds $50.00 from the CLI: another process, so the page learns of it from the event log.
    await demo.cli(['top-up', '--business-id', demo.businessId, '--amount', '5000']);
    assert.equal((await demo.api<{ balance: number }>('GET', '/v1/billing/balance')).balance, balance + 5000);
  });

  test('the block clears by itself once the top-up arrives', async () => {
    await until(async () => !(await text(notices())).includes('Balance') && !(await sendButton().isDisabled()), 'the refusal to clear after the top-up');
  });

  test('after the top-up, the MMS goes out and reaches delivered', async () => {
    await typeReply('Here is where to park. See you soon!');
    await until(async () => !(await text(notices())).includes('Balance') && !(await sendButton().isDisabled()), 'Send to be enabled after the top-up');
    await sendButton().click();
    await until(async () => (await lastOutbound().locator('[part="image"]').count()) === 1, 'the MMS with its image in the timeline');
    // The picture itself loads from the server's media link (not just its alt text).
    await until(async () => (await lastOutbound().locator('[part="image"]').evaluate((image) => (image as HTMLImageElement).naturalWidth)) > 0, 'the image to load');
    await until(async () => (await lastOutbound().locator('[part~="status-delivered"]').count()) === 1, 'the MMS to reach Delivered');
    await screenshot(page, '13-mms-delivered');
  });

  test('the carrier approves the assignment, and the newly ready number sends', async () => {
    const billboard = number('Billboard I-4');
    await openRow('(813) 555-0288');
    // Switching threads clears the composer, so the reply is typed again.
    await typeReply('Yes we do! Want a free consult?');
    // The simulated carrier approves the assignment after SETUP_SIMULATOR_DELAY_MS; the composer follows live.
    await until(async () => !(await sendButton().isDisabled()), 'Send to be enabled for Billboard I-4', 30_000);
    const ready = (await demo.api<{ items: TrackingNumber[] }>('GET', '/v1/numbers')).items.find((candidate) => candidate.id === billboard.id)!;
    assert.equal(ready.readiness.canSend, true, 'the server agrees the number may send now');
    assert.ok(!(await text(notices())).includes('10DLC'), 'no 10DLC guidance any more');
    await sendButton().click();
    await until(async () => (await lastOutbound().locator('[part~="status-delivered"]').count()) === 1, 'the reply from Billboard I-4 to reach Delivered');
    assert.match(await text(lastOutbound()), /via Billboard I-4/);
    await screenshot(page, '14-sent-from-newly-ready-number');
  });

  test('a viewer reads everything but cannot send', async () => {
    await page.selectOption('#role', 'viewer');
    await until(async () => (await rows().count()) > 0, 'the list for the viewer');
    await openRow(titleOf(regular));
    await typeReply('Can I send this?');
    await until(async () => /viewer/i.test(await text(notices())), 'the role refusal');
    assert.equal(await sendButton().isDisabled(), true);
    await screenshot(page, '15-viewer');
    await page.selectOption('#role', 'owner');
  });

  test('on a phone-sized screen the inbox shows one pane at a time', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${demo.url}/`);
    await until(async () => (await rows().count()) > 0, 'the list');
    await screenshot(page, '16-narrow-list');
    await rows().first().click();
    await page.locator('tl-inbox [part="back-button"]').waitFor();
    assert.equal(await rows().first().isVisible(), false, 'the list is hidden while a thread is open');
    await screenshot(page, '17-narrow-thread');
    await page.setViewportSize({ width: 1400, height: 900 });
  });

  test('the components work one by one in a plain HTML page', async () => {
    await page.goto(`${demo.url}/examples`);
    const list = page.locator('tl-thread-list#list [part~="item"]');
    await until(async () => (await list.count()) > 0, 'the standalone list');
    await list.nth(1).click();
    await until(async () => (await page.locator('tl-timeline#timeline [part~="message"], tl-timeline#timeline [part~="call"]').count()) > 0, 'the standalone timeline');
    assert.equal(await page.locator('tl-composer#reply').isVisible(), true);
    await until(async () => (await text(page.locator('#events'))).includes('tl-thread-select'), 'the event log');
    await screenshot(page, '18-examples');
  });

  test('and inside a React app', async () => {
    await page.goto(`${demo.url}/examples/react/`);
    const list = page.locator('tl-thread-list [part~="item"]');
    await until(async () => (await list.count()) > 0, 'the list in React');
    // The regular patient's thread: its number may send.
    const title = titleOf(regular);
    await page.locator('tl-thread-list [part="search-input"]').fill(regular.contact.e164.slice(2));
    await until(async () => (await text(list.first())).includes(title), 'the search in React');
    await list.first().click();
    await until(async () => (await text(page.locator('.conversation h2'))) === title, 'React to show the selected thread');
    await page.locator('tl-composer [part="textarea"]').fill('Sent from the React example');
    await page.locator('tl-composer [part="send-button"]').click();
    await until(async () => (await text(page.getByTestId('sent-count'))).includes('1'), 'React to count the tl-send event');
    await screenshot(page, '19-react');
  });

  test('nothing went wrong in the page', () => {
    assert.deepEqual(errors, []);
  });
});
