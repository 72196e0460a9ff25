import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { setupIgnoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';
import type { ThreadlineClient } from '@threadline/sdk';
// The server's display form of a number is the phone library's, which the widgets no longer carry.
import { formatPhone } from '@threadline/sdk/phone';
import '../../index.ts';
import type { TlThreadSelectEvent } from '../../events/thread-select.ts';
import { clientFor, closeClients, fixtures, inboundText, textOf, uniqueContact, until, type Fixtures } from '../../testing/server.ts';
import type { TlThreadList } from './thread-list.ts';

const rows = (el: TlThreadList) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role="option"]')];
const list = (el: TlThreadList) => el.shadowRoot!.querySelector<HTMLElement>('[role="listbox"]');
const status = (el: TlThreadList) => textOf(el.shadowRoot!.querySelector('[part="status"]'));

async function mount(client: ThreadlineClient, extra: Partial<TlThreadList> = {}): Promise<TlThreadList> {
  const el = await fixture<TlThreadList>(html`<tl-thread-list style="height: 480px" .client=${client} .strings=${extra.strings}></tl-thread-list>`);
  return el;
}

async function loaded(el: TlThreadList): Promise<void> {
  await until(() => !el.controller.state.isLoading && rows(el).length > 0, 'the first page');
}

describe('tl-thread-list', () => {
  // The virtualizer measures rows in a ResizeObserver; Chromium reports the benign loop notice as an error.
  setupIgnoreWindowResizeObserverLoopErrors(beforeEach, afterEach, { suppressErrorLogging: true });
  let f: Fixtures;
  before(async () => {
    f = await fixtures();
  });
  afterEach(() => closeClients());

  it('says it is loading, then shows threads newest first with name or number, tracking number, preview, time and unread badge', async () => {
    const client = clientFor(f.baseUrl, f.directory.ownerToken);
    const el = await mount(client);
    expect(status(el)).to.equal('Loading…');
    await loaded(el);
    const items = el.controller.state.items;
    const times = items.map((thread) => Date.parse(thread.lastActivityAt));
    expect(times).to.deep.equal([...times].sort((a, b) => b - a));
    const named = items.findIndex((thread) => thread.contact.name);
    const unnamed = items.findIndex((thread) => !thread.contact.name && thread.preview.direction === 'inbound' && thread.unreadCount > 0);
    const namedRow = rows(el).find((row) => row.id === `thread-${items[named]!.id}`)!;
    const unnamedRow = rows(el).find((row) => row.id === `thread-${items[unnamed]!.id}`)!;
    expect(textOf(namedRow.querySelector('[part="name"]'))).to.equal(items[named]!.contact.name);
    expect(textOf(unnamedRow.querySelector('[part="name"]'))).to.equal(formatPhone(items[unnamed]!.contact.e164));
    expect(textOf(unnamedRow.querySelector('[part="name"]'))).to.match(/^\(\d{3}\) \d{3}-\d{4}$/);
    expect(textOf(unnamedRow.querySelector('[part="tracking-number"]'))).to.be.oneOf(['Clearwater Ads', 'Ottawa Office']);
    expect(textOf(unnamedRow.querySelector('[part="preview"]'))).to.equal(items[unnamed]!.preview.text);
    expect(textOf(unnamedRow.querySelector('[part="time"]'))).to.not.equal('');
    const badge = unnamedRow.querySelector('[part="unread-badge"]');
    expect(textOf(badge)).to.contain(`${items[unnamed]!.unreadCount} unread`);
  });

  it('shows the empty state for a business without conversations', async () => {
    const el = await mount(clientFor(f.baseUrl, f.quiet.ownerToken));
    await until(() => !el.controller.state.isLoading, 'the first page');
    expect(status(el)).to.equal('No conversations yet');
    expect(list(el)).to.equal(null);
  });

  it('shows an error with a retry when the server refuses', async () => {
    const el = await mount(clientFor(f.baseUrl, 'not-a-token'));
    await until(() => el.shadowRoot!.querySelector('[role="alert"]'), 'the error');
    expect(textOf(el.shadowRoot!.querySelector('[role="alert"]'))).to.contain("Couldn't load conversations.");
    const retry = el.shadowRoot!.querySelector<HTMLButtonElement>('[role="alert"] button')!;
    expect(textOf(retry)).to.equal('Try again');
    retry.click();
    await until(() => el.controller.state.error && !el.controller.state.isLoading, 'the retry to fail again');
  });

  it('searches by saved name and by number, filters by tracking number and date, and clears filters', async () => {
    const client = clientFor(f.baseUrl, f.directory.ownerToken);
    const el = await mount(client);
    await loaded(el);
    const search = el.shadowRoot!.querySelector<HTMLInputElement>('[part="search-input"]')!;

    search.value = 'carla LOPEZ';
    search.dispatchEvent(new Event('input'));
    await until(() => rows(el).length === 1 && textOf(rows(el)[0]!.querySelector('[part="name"]')) === 'Carla Lopez', 'the name search');

    search.value = '(727) 555-1007';
    search.dispatchEvent(new Event('input'));
    await until(() => rows(el).length === 1 && el.controller.state.items[0]!.contact.e164 === '+17275551007', 'the number search');

    search.value = '';
    search.dispatchEvent(new Event('input'));
    const selects = el.shadowRoot!.querySelectorAll<HTMLSelectElement>('[part="filters"] select');
    await until(() => selects[0]!.options.length > 1, 'the number options');
    selects[0]!.value = f.directory.numbers.ottawa;
    selects[0]!.dispatchEvent(new Event('change'));
    await until(() => !el.controller.state.isLoading && el.controller.state.items.length > 0 && el.controller.state.items.every((t) => t.trackingNumbers.some((n) => n.id === f.directory.numbers.ottawa)), 'the tracking number filter');
    expect(rows(el).every((row) => textOf(row.querySelector('[part="tracking-number"]')) === 'Ottawa Office')).to.equal(true);

    // Combined with a date range in the past, nothing matches.
    const to = el.shadowRoot!.querySelectorAll<HTMLInputElement>('[part="filters"] input[type="date"]')[1]!;
    to.value = '2001-01-01';
    to.dispatchEvent(new Event('change'));
    await until(() => status(el) === 'No conversations match these filters', 'the empty filtered state');

    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="clear-filters"]')!.click();
    await until(() => rows(el).length > 1 && !el.controller.hasFilters, 'the cleared list');
    expect(search.value).to.equal('');
  });

  it('loads further pages as it scrolls and keeps only the visible rows in the DOM', async () => {
    const el = await mount(clientFor(f.baseUrl, f.directory.ownerToken));
    await loaded(el);
    const scroller = list(el)!;
    // Scrolling to the end, again and again as rows arrive, is all that loads the next pages.
    await until(() => {
      scroller.scrollTop = scroller.scrollHeight;
      return !el.controller.state.nextCursor && !el.controller.state.isLoadingNext;
    }, 'every page', 20_000);
    expect(el.controller.state.items.length).to.be.at.least(f.directory.listSize);
    // Virtualized: a 480px list renders a few dozen rows at most, not all of them.
    expect(rows(el).length).to.be.lessThan(60);
  });

  it('keeps 10,000 threads cheap: a few dozen rows in the DOM, however far the list scrolls', async () => {
    // Solo Co has one thread: a single page, nothing more to load.
    const el = await mount(clientFor(f.baseUrl, f.solo.ownerToken));
    await loaded(el);
    expect(el.controller.state.nextCursor).to.equal(null);
    const template = el.controller.state.items[0]!;
    // The server's row is the model; the list is scaled up in place to 10,000 rows.
    const items = Array.from({ length: 10_000 }, (_, index) => ({
      ...template,
      id: `synthetic-${index}`,
      contact: { ...template.contact, id: `c-${index}`, name: `Contact ${index}` },
      lastActivityAt: new Date(Date.parse(template.lastActivityAt) - index * 60_000).toISOString(),
    }));
    el.controller.state = { ...el.controller.state, items, nextCursor: null };
    el.requestUpdate();
    await el.updateComplete;
    await until(() => rows(el).length > 0, 'rows');
    const scroller = list(el)!;
    for (const fraction of [0.25, 0.5, 0.75, 1]) {
      // Row heights are estimated until measured, so the target moves a little: aim again until there.
      await until(() => {
        scroller.scrollTop = (scroller.scrollHeight - scroller.clientHeight) * fraction;
        return rows(el).some((row) => Number(row.getAttribute('aria-posinset')) >= 10_000 * fraction - 100);
      }, `rows near ${fraction * 100}%`);
    }
    expect(rows(el).length).to.be.lessThan(60);
    expect(rows(el).some((row) => row.getAttribute('aria-posinset') === '10000')).to.equal(true);
    // Scrolling back a screen at a time replaces every row again and again. Each row is an
    // element between two comment markers; the markers of rows scrolled away must go with them
    // (lit-html 3.3.1-3.3.3 left one behind per row, patches/lit-html@3.3.3.patch), or the list
    // fills with thousands of comments and every frame slows down walking them.
    // (Waits poll on timers: pages in the background of a concurrent run get no animation frames.)
    const coversTop = () => {
      const top = scroller.getBoundingClientRect().top;
      return rows(el).some((row) => row.getBoundingClientRect().top <= top + 1 && row.getBoundingClientRect().bottom > top);
    };
    for (let step = 0; step < 40; step++) {
      const first = rows(el)[0]?.id;
      scroller.scrollTop -= scroller.clientHeight;
      await until(() => rows(el)[0]?.id !== first && coversTop(), `rows ${step + 1} screens up`);
    }
    const comments = [...scroller.childNodes].filter((node) => node.nodeType === Node.COMMENT_NODE).length;
    expect(comments).to.be.at.most(2 * scroller.children.length + 2);
  });

  it('moves a thread to the top with its unread count when a text arrives, and adds new contacts live', async () => {
    const client = clientFor(f.baseUrl, f.directory.ownerToken);
    const el = await mount(client);
    await loaded(el);
    await until(() => client.connection.get().state === 'open', 'the live stream');
    const older = el.controller.state.items[5]!;
    await inboundText(f.baseUrl, f.directory.ownerToken, { to: f.directory.numbers.clearwater, from: older.contact.e164, body: 'Running late, see you at 3' });
    await until(() => el.controller.state.items[0]?.id === older.id, 'the thread to move up');
    const top = rows(el).find((row) => row.id === `thread-${older.id}`)!;
    await until(() => textOf(top.querySelector('[part="preview"]')) === 'Running late, see you at 3', 'the new preview');
    expect(textOf(top.querySelector('[part="unread-badge"]'))).to.contain(`${older.unreadCount + 1} unread`);

    const stranger = uniqueContact();
    await inboundText(f.baseUrl, f.directory.ownerToken, { to: f.directory.numbers.clearwater, from: stranger, body: 'First time texting you' });
    await until(() => el.controller.state.items[0]?.contact.e164 === stranger, 'the new thread on top');
    expect(textOf(rows(el)[0]!.querySelector('[part="name"]'))).to.equal(formatPhone(stranger));
  });

  it('moves with the arrow keys and opens with Enter, firing tl-thread-select', async () => {
    const el = await mount(clientFor(f.baseUrl, f.directory.ownerToken));
    await loaded(el);
    const listbox = list(el)!;
    listbox.focus();
    await el.updateComplete;
    expect(listbox.getAttribute('aria-activedescendant')).to.equal(rows(el)[0]!.id);
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowUp' });
    await el.updateComplete;
    const expected = el.controller.state.items[1]!;
    expect(listbox.getAttribute('aria-activedescendant')).to.equal(`thread-${expected.id}`);
    const selected = oneEvent(el, 'tl-thread-select');
    await sendKeys({ press: 'Enter' });
    const event = (await selected) as unknown as TlThreadSelectEvent;
    expect(event.threadId).to.equal(expected.id);
    expect(event.composed).to.equal(true);
    await el.updateComplete;
    expect(el.selectedThreadId).to.equal(expected.id);
    expect(rows(el).find((row) => row.id === `thread-${expected.id}`)!.getAttribute('aria-selected')).to.equal('true');
  });

  it('renders markup in names and previews as plain text', async () => {
    const client = clientFor(f.baseUrl, f.directory.ownerToken);
    const from = uniqueContact();
    const attack = '<img src=x onerror="window.__tlXss=1"><script>window.__tlXss=1</script>';
    await inboundText(f.baseUrl, f.directory.ownerToken, { to: f.directory.numbers.clearwater, from, body: attack });
    const { items } = await client.threads.list({ q: from });
    await client.contacts.update(items[0]!.contact.id, { name: '<b onmouseover="window.__tlXss=1">Mallory</b>' });
    const el = await mount(client);
    await loaded(el);
    const row = rows(el).find((candidate) => candidate.id === `thread-${items[0]!.id}`)!;
    expect(textOf(row.querySelector('[part="name"]'))).to.equal('<b onmouseover="window.__tlXss=1">Mallory</b>');
    expect(textOf(row.querySelector('[part="preview"]'))).to.equal(attack);
    expect(row.querySelector('img, script, b')).to.equal(null);
    expect((window as { __tlXss?: number }).__tlXss).to.equal(undefined);
  });

  it('uses overridden strings', async () => {
    const el = await mount(clientFor(f.baseUrl, f.quiet.ownerToken), {
      strings: { threadsEmpty: 'Aucune conversation', searchPlaceholder: 'Rechercher' },
    });
    await until(() => status(el) === 'Aucune conversation', 'the translated empty state');
    expect(el.shadowRoot!.querySelector<HTMLInputElement>('[part="search-input"]')!.placeholder).to.equal('Rechercher');
  });

  it('passes axe', async () => {
    const el = await mount(clientFor(f.baseUrl, f.directory.ownerToken));
    await loaded(el);
    await expect(el).to.be.accessible();
  });
});
