import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { setupIgnoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';
import { sendKeys } from '@web/test-runner-commands';
import { formatPhone } from '@threadline/sdk/phone';
import '../../index.ts';
import type { TlSetupRequestEvent } from '../../events/setup-request.ts';
import type { TlComposer } from '../composer/composer.ts';
import type { TlMessagingSetup } from '../messaging-setup/messaging-setup.ts';
import type { TlThreadList } from '../thread-list/thread-list.ts';
import type { TlTimeline } from '../timeline/timeline.ts';
import { closeClients, fixtures, inboundText, textOf, uniqueContact, until, type Fixtures } from '../../testing/server.ts';
import type { TlInbox } from './inbox.ts';

const $ = <T extends Element = HTMLElement>(el: TlInbox, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const list = (el: TlInbox) => $<TlThreadList>(el, 'tl-thread-list')!;
const rowsOf = (el: TlInbox) => [...list(el).shadowRoot!.querySelectorAll<HTMLElement>('[role="option"]')];
const header = (el: TlInbox) => textOf($(el, '[part="pane-header"] h2'));
const visible = (node: Element | null) => Boolean(node && getComputedStyle(node).display !== 'none');

async function ready(el: TlInbox): Promise<void> {
  await until(() => list(el)?.shadowRoot && rowsOf(el).length > 0, 'the thread list');
}

describe('tl-inbox', () => {
  setupIgnoreWindowResizeObserverLoopErrors(beforeEach, afterEach, { suppressErrorLogging: true });
  let f: Fixtures;
  const opened: TlInbox[] = [];
  before(async () => {
    f = await fixtures();
  });
  afterEach(() => {
    // The inbox owns its client (base-url + token): removing it closes the live stream.
    for (const inbox of opened.splice(0)) inbox.remove();
    closeClients();
  });

  /** The contact id of a thread, as the API gives it. */
  async function contactId(threadId: string): Promise<string> {
    const response = await fetch(`${f.baseUrl}/v1/threads/${threadId}`, { headers: { authorization: `Bearer ${f.acme.ownerToken}` } });
    const thread = (await response.json()) as { contact: { id: string } };
    return thread.contact.id;
  }

  async function mount(width: number, token = f.acme.ownerToken, theme?: string): Promise<TlInbox> {
    const el = await fixture<TlInbox>(
      html`<tl-inbox style="width: ${width}px; height: 560px" base-url=${f.baseUrl} token=${token} theme=${theme ?? 'light'}></tl-inbox>`,
    );
    opened.push(el);
    return el;
  }

  it('works as a single tag with base-url and token: two panes when wide, a thread opens beside the list', async () => {
    const el = await mount(1000);
    await ready(el);
    expect(visible($(el, '[part="list-pane"]'))).to.equal(true);
    expect(textOf($(el, '[part="main-pane"]'))).to.equal('Select a conversation');
    expect(visible($(el, '[part="back-button"]'))).to.equal(false);

    const thread = list(el).controller.state.items[0]!;
    rowsOf(el)[0]!.click();
    await until(() => $(el, 'tl-timeline'), 'the open thread');
    const timeline = $<TlTimeline>(el, 'tl-timeline')!;
    expect(timeline.threadId).to.equal(thread.id);
    expect($<TlComposer>(el, 'tl-composer')!.threadId).to.equal(thread.id);
    expect(visible($(el, '[part="list-pane"]'))).to.equal(true);
    expect(list(el).selectedThreadId).to.equal(thread.id);
    await until(() => timeline.shadowRoot!.querySelector('[role="log"]'), 'the conversation');
  });

  it('shows one pane on a narrow screen, with Back to the list and focus following', async () => {
    const el = await mount(420);
    await ready(el);
    expect(visible($(el, '[part="main-pane"]'))).to.equal(false);
    rowsOf(el)[0]!.click();
    await until(() => visible($(el, '[part="main-pane"]')), 'the conversation pane');
    expect(visible($(el, '[part="list-pane"]'))).to.equal(false);
    const back = $<HTMLButtonElement>(el, '[part="back-button"]')!;
    expect(visible(back)).to.equal(true);
    // Focus moved into the reply box, since the list it was in is hidden now.
    const composer = $<TlComposer>(el, 'tl-composer')!;
    await until(() => composer.shadowRoot!.activeElement?.tagName === 'TEXTAREA', 'focus in the composer');
    back.click();
    await until(() => visible($(el, '[part="list-pane"]')) && !visible($(el, '[part="main-pane"]')), 'the list again');
    await until(() => list(el).shadowRoot!.activeElement?.getAttribute('role') === 'listbox', 'focus back in the list');
  });

  it('writes a new message and opens its thread; new texts arrive live in the open thread', async () => {
    const el = await mount(1000);
    await ready(el);
    $<HTMLButtonElement>(el, '[part="new-message-button"]')!.click();
    await until(() => $<TlComposer>(el, 'tl-composer')?.shadowRoot?.querySelector('[part="to-input"]'), 'the new-message composer');
    const composer = $<TlComposer>(el, 'tl-composer')!;
    await until(() => composer.controller.fromId && composer.controller.balance, 'numbers and balance');
    const contact = uniqueContact();
    const to = composer.shadowRoot!.querySelector<HTMLInputElement>('[part="to-input"]')!;
    await until(() => composer.shadowRoot!.activeElement === to, 'focus in the recipient');
    await sendKeys({ type: contact.slice(2) });
    composer.shadowRoot!.querySelector('textarea')!.focus();
    await sendKeys({ type: 'Your appointment is confirmed.' });
    await until(() => composer.controller.canSend, 'the recipient read by the server');
    await sendKeys({ press: 'Enter' });
    await until(() => $<TlTimeline>(el, 'tl-timeline'), 'the new thread to open');
    // Named at once from the send's answer, before the thread is in the list or its timeline loads.
    expect(header(el)).to.equal(formatPhone(contact));
    const timeline = $<TlTimeline>(el, 'tl-timeline')!;
    const bodies = () => [...timeline.shadowRoot!.querySelectorAll('[part="body"]')].map((node) => textOf(node));
    await until(() => bodies().includes('Your appointment is confirmed.'), 'the sent message in the thread');
    // Other tests write to the same business at the same time, so find the row by its contact.
    const row = () => list(el).controller.state.items.find((thread) => thread.contact.e164 === contact);
    await until(() => row(), 'the new thread in the list, live');

    await inboundText(f.baseUrl, f.acme.ownerToken, { to: f.acme.numbers.tampa, from: contact, body: 'Thanks! See you then.' });
    await until(() => bodies().at(-1) === 'Thanks! See you then.', 'the reply, live');
    // It is read: the user is looking at it.
    await until(() => row()?.preview.text === 'Thanks! See you then.' && row()?.unreadCount === 0, 'no unread badge');
  });

  it('keeps each thread’s unsent text and the new message across switches; a send clears it, a refusal keeps it', async () => {
    const open = async (el: TlInbox, threadId: string) => {
      el.openThread(threadId);
      await el.updateComplete;
      await until(() => $<TlComposer>(el, 'tl-composer')?.threadId === threadId && field(el), 'the thread’s composer');
      await $<TlComposer>(el, 'tl-composer')!.updateComplete;
    };
    const field = (el: TlInbox) => $<TlComposer>(el, 'tl-composer')?.shadowRoot?.querySelector('textarea') ?? null;
    const typeInto = async (node: HTMLElement, text: string) => {
      node.focus();
      await sendKeys({ type: text });
    };
    const inbound = async (token: string) =>
      (await inboundText(f.baseUrl, token, { to: f.acme.numbers.tampa, from: uniqueContact(), body: 'Hi' })).threadId;
    const [a, b] = [await inbound(f.acme.ownerToken), await inbound(f.acme.ownerToken)];

    const el = await mount(1000);
    await open(el, a);
    await typeInto(field(el)!, 'For A');
    await open(el, b);
    expect(field(el)!.value).to.equal('');
    await typeInto(field(el)!, 'For B');
    await open(el, a);
    expect(field(el)!.value).to.equal('For A');

    // "New message" is a composer of its own: its recipient and text wait as well.
    $<HTMLButtonElement>(el, '[part="new-message-button"]')!.click();
    await until(() => $<TlComposer>(el, 'tl-composer')?.shadowRoot?.querySelector('[part="to-input"]'), 'the new-message composer');
    const fresh = $<TlComposer>(el, 'tl-composer')!;
    await typeInto(fresh.shadowRoot!.querySelector<HTMLInputElement>('[part="to-input"]')!, '8135550142');
    await typeInto(fresh.shadowRoot!.querySelector('textarea')!, 'Welcome!');
    await open(el, b);
    expect(field(el)!.value).to.equal('For B');
    $<HTMLButtonElement>(el, '[part="new-message-button"]')!.click();
    await until(() => $<TlComposer>(el, 'tl-composer')?.shadowRoot?.querySelector('[part="to-input"]'), 'the new-message composer again');
    const back = $<TlComposer>(el, 'tl-composer')!;
    await back.updateComplete;
    expect(back.shadowRoot!.querySelector<HTMLInputElement>('[part="to-input"]')!.value).to.equal('8135550142');
    expect(back.shadowRoot!.querySelector('textarea')!.value).to.equal('Welcome!');

    // A successful send clears that thread's draft.
    await open(el, a);
    const composer = $<TlComposer>(el, 'tl-composer')!;
    await until(() => composer.controller.canSend, 'Send enabled');
    const sent = oneEvent(composer, 'tl-send');
    field(el)!.focus();
    await sendKeys({ press: 'Enter' });
    await sent;
    await open(el, b);
    await open(el, a);
    expect(field(el)!.value).to.equal('');
    expect(composer.controller.body).to.equal('');

    // A refused send (a viewer may not send) keeps it.
    const viewer = await mount(1000, f.acme.viewerToken);
    await open(viewer, b);
    await typeInto(field(viewer)!, 'Viewers are refused');
    const reply = $<TlComposer>(viewer, 'tl-composer')!;
    await until(() => reply.controller.canSend, 'Send enabled for the viewer');
    const refused = oneEvent(reply, 'tl-send-error');
    field(viewer)!.focus();
    await sendKeys({ press: 'Enter' });
    await refused;
    await open(viewer, a);
    expect(field(viewer)!.value).to.equal('');
    await open(viewer, b);
    expect(field(viewer)!.value).to.equal('Viewers are refused');
  });

  it('names a thread opened by id that the list has not loaded, and shows a saved name once known', async () => {
    const contact = uniqueContact();
    const message = await inboundText(f.baseUrl, f.acme.ownerToken, { to: f.acme.numbers.tampa, from: contact, body: 'Opened by id' });
    const el = await mount(1000);
    // Before the list has loaded anything: the thread is known by its id alone.
    expect(list(el).controller.state.items.length).to.equal(0);
    el.openThread(message.threadId);
    await el.updateComplete;
    expect($<TlTimeline>(el, 'tl-timeline')!.threadId).to.equal(message.threadId);
    await until(() => header(el) === formatPhone(contact), 'the contact’s number in the header');
    // A name saved elsewhere arrives live and replaces the number, which moves to the subtitle.
    const response = await fetch(`${f.baseUrl}/v1/contacts/${(await contactId(message.threadId))}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${f.acme.ownerToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Opened Byid' }),
    });
    expect(response.ok).to.equal(true);
    await until(() => header(el) === 'Opened Byid', 'the saved name in the header');
    expect(textOf($(el, '[part="pane-header"] .subtitle'))).to.equal(formatPhone(contact));
  });

  it('opens its setup panel for "Finish 10DLC registration", unless the host routes the request', async () => {
    const el = await mount(1000, f.brandless.ownerToken);
    await until(() => list(el)?.shadowRoot?.querySelector('[part="status"]'), 'the list');
    const openDowntown = async () => {
      $<HTMLButtonElement>(el, '[part="new-message-button"]')!.click();
      await until(() => $<TlComposer>(el, 'tl-composer')?.controller.numbers.length, 'the numbers');
      const composer = $<TlComposer>(el, 'tl-composer')!;
      const select = composer.shadowRoot!.querySelector<HTMLSelectElement>('[part="from-select"]')!;
      select.value = f.brandless.numbers.downtown;
      select.dispatchEvent(new Event('change'));
      await composer.updateComplete;
      return composer.shadowRoot!.querySelector<HTMLButtonElement>('[part~="notice-error"] [part="notice-action"]')!;
    };

    // The panel is its own module: nothing on this page has loaded it before it first opens.
    expect(customElements.get('tl-messaging-setup')).to.equal(undefined);
    (await openDowntown()).click();
    await until(() => $(el, '[part="setup-panel"]'), 'the setup panel');
    // The panel is tl-messaging-setup, opened at the step the composer asked for.
    const panel = $<TlMessagingSetup>(el, 'tl-messaging-setup')!;
    await until(() => panel.shadowRoot?.querySelector('[aria-current="step"]'), 'the setup steps');
    expect(textOf(panel.shadowRoot!.querySelector('[aria-current="step"] .step-name'))).to.equal('Brand');
    $<HTMLButtonElement>(el, '[part="back-button"]')!.click();
    await until(() => !$(el, '[part="setup-panel"]'), 'back from setup');

    const host = (event: Event) => event.preventDefault();
    el.addEventListener('tl-setup-request', host);
    const action = await openDowntown();
    const request = oneEvent(el, 'tl-setup-request');
    action.click();
    const event = (await request) as unknown as TlSetupRequestEvent;
    expect([event.step, event.trackingNumberId]).to.deep.equal(['brand', f.brandless.numbers.downtown]);
    await el.updateComplete;
    expect($(el, '[part="setup-panel"]')).to.equal(null);
    el.removeEventListener('tl-setup-request', host);
  });

  it('takes a token provider instead of a token', async () => {
    let calls = 0;
    const el = await fixture<TlInbox>(html`<tl-inbox style="width: 900px; height: 500px" base-url=${f.baseUrl}
      .tokenProvider=${async () => {
        calls++;
        return f.quiet.ownerToken;
      }}></tl-inbox>`);
    opened.push(el);
    await until(() => textOf(list(el)?.shadowRoot?.querySelector('[part="status"]')) === 'No conversations yet', 'the empty list');
    expect(calls).to.equal(1);
  });

  it('passes axe', async () => {
    const light = await mount(1000);
    await ready(light);
    await expect(light).to.be.accessible();
  });

  it('has a dark theme that reaches the panes inside, and passes axe in it', async () => {
    const dark = await mount(1000, f.acme.ownerToken, 'dark');
    await ready(dark);
    expect(getComputedStyle(dark).backgroundColor).to.equal('rgb(19, 21, 25)');
    const row = rowsOf(dark)[0]!;
    expect(getComputedStyle(row).backgroundColor).to.equal('rgb(19, 21, 25)');
    expect(getComputedStyle(row.querySelector('[part="name"]')!).color).to.equal('rgb(232, 234, 237)');
    rowsOf(dark)[0]!.click();
    await until(() => $<TlTimeline>(dark, 'tl-timeline')?.shadowRoot?.querySelector('[role="log"]'), 'the conversation');
    await expect(dark).to.be.accessible();
  });
});
