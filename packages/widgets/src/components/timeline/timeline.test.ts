import { expect, fixture, html } from '@open-wc/testing';
import type { ThreadlineClient } from '@threadline/sdk';
// The server's display form of a number is the phone library's, which the widgets no longer carry.
import { formatPhone } from '@threadline/sdk/phone';
import '../../index.ts';
import { clientFor, closeClients, fixtures, inboundCall, inboundText, spamFilteredContact, textOf, uniqueContact, until, type Fixtures } from '../../testing/server.ts';
import type { TlTimeline } from './timeline.ts';

const $ = <T extends Element = HTMLElement>(el: TlTimeline, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const $$ = <T extends Element = HTMLElement>(el: TlTimeline, selector: string) => [...el.shadowRoot!.querySelectorAll<T>(selector)];
const bodies = (el: TlTimeline) => $$(el, '[part="body"]').map((node) => textOf(node));

async function mount(client: ThreadlineClient, threadId: string | undefined, options: { noMarkRead?: boolean } = {}): Promise<TlTimeline> {
  return fixture<TlTimeline>(
    html`<tl-timeline style="height: 420px" .client=${client} .threadId=${threadId} ?no-mark-read=${options.noMarkRead ?? false}></tl-timeline>`,
  );
}

describe('tl-timeline', () => {
  let f: Fixtures;
  before(async () => {
    f = await fixtures();
  });
  afterEach(() => closeClients());

  /** A new thread with one inbound text; returns its id and contact. */
  async function newThread(body = 'Hi there') {
    const contact = uniqueContact();
    const message = await inboundText(f.baseUrl, f.acme.ownerToken, { to: f.acme.numbers.tampa, from: contact, body });
    return { threadId: message.threadId, contact };
  }

  it('asks for a thread, says it is loading, then shows the newest activity at the bottom in a labelled log', async () => {
    const client = clientFor(f.baseUrl, f.acme.ownerToken);
    const empty = await mount(client, undefined);
    expect(textOf($(empty, '[part="status-message"]'))).to.equal('Select a conversation');

    const el = await mount(client, f.acme.longThread.id, { noMarkRead: true });
    expect(textOf($(el, '[part="status-message"]'))).to.equal('Loading…');
    await until(() => $(el, '[role="log"]') && bodies(el).length > 0, 'the first page');
    const log = $(el, '[role="log"]')!;
    expect(log.getAttribute('aria-label')).to.equal(`Conversation with ${formatPhone(f.acme.longThread.contact)}`);
    expect(bodies(el).at(-1)).to.equal(`Timeline message ${f.acme.longThread.size - 1}`);
    await until(() => Math.abs(log.scrollHeight - log.clientHeight - log.scrollTop) < 2, 'the view to sit at the bottom');
  });

  it('stays at the newest message when something beside it grows, unless the user scrolled up', async () => {
    // A column like the inbox's: the timeline above a box that grows as a composer does.
    const column = await fixture<HTMLDivElement>(html`<div style="display: flex; flex-direction: column; height: 420px">
      <tl-timeline style="flex: 1; min-height: 0" no-mark-read .client=${clientFor(f.baseUrl, f.acme.ownerToken)} .threadId=${f.acme.longThread.id}></tl-timeline>
      <div class="grower" style="flex: none; height: 40px"></div>
    </div>`);
    const el = column.querySelector('tl-timeline')!;
    const grower = column.querySelector<HTMLElement>('.grower')!;
    await until(() => $(el, '[role="log"]') && bodies(el).length > 0 && !el.controller.state.isLoadingNext, 'the first page');
    const log = $(el, '[role="log"]')!;
    const atBottom = () => Math.abs(log.scrollHeight - log.clientHeight - log.scrollTop) < 2;
    await until(atBottom, 'the view to start at the bottom');
    // Grown in the same task as a scroll to the newest (as when a message arrives while typing), so
    // that scroll's event is dispatched only after the log has shrunk.
    log.scrollTop -= 10;
    log.scrollTop = log.scrollHeight;
    grower.style.height = '160px';
    await until(() => log.clientHeight < 300 && atBottom(), 'the view to stay at the bottom as the log shrinks');
    // Scrolled up to read: growing further must not yank the view down.
    log.scrollTop = log.scrollHeight - log.clientHeight - 400;
    await new Promise((resolve) => setTimeout(resolve, 100));
    await until(() => !el.controller.state.isLoadingNext, 'any older page to settle');
    const offset = (row: Element) => row.getBoundingClientRect().top - log.getBoundingClientRect().top;
    const row = $$(el, '[part~="message"]').find((candidate) => offset(candidate) >= 0)!;
    const before = offset(row);
    grower.style.height = '200px';
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(atBottom()).to.equal(false);
    expect(Math.abs(offset(row) - before)).to.be.lessThan(2);
  });

  it('shows an error with a retry when the thread cannot be loaded', async () => {
    const el = await mount(clientFor(f.baseUrl, f.quiet.ownerToken), f.acme.longThread.id);
    await until(() => $(el, '[role="alert"]'), 'the error');
    // Another business's thread is a 404, shown as an error, not as somebody else's messages.
    expect(textOf($(el, '[role="alert"]'))).to.contain("Couldn't load this conversation.");
    expect(bodies(el)).to.deep.equal([]);
    expect(textOf($(el, '[role="alert"] button'))).to.equal('Try again');
  });

  it('loads older activity when scrolled up without moving what the user is reading, with day separators', async () => {
    const el = await mount(clientFor(f.baseUrl, f.acme.ownerToken), f.acme.longThread.id, { noMarkRead: true });
    await until(() => bodies(el).length > 0 && !el.controller.state.isLoadingNext, 'the first pages');
    const log = $(el, '[role="log"]')!;
    const firstCount = el.controller.state.items.length;
    expect(el.controller.state.nextCursor).to.not.equal(null);
    const anchor = $$(el, '[part~="message"]')[0]!;
    const anchorText = textOf(anchor.querySelector('[part="body"]'));
    log.scrollTop = 0;
    await until(() => el.controller.state.items.length > firstCount && !el.controller.state.isLoadingNext, 'an older page');
    await el.updateComplete;
    const same = $$(el, '[part~="message"]').find((node) => textOf(node.querySelector('[part="body"]')) === anchorText)!;
    // The row the user was looking at stays (nearly) where it was: the view did not jump to the top.
    expect(Math.abs(same.getBoundingClientRect().top - log.getBoundingClientRect().top)).to.be.lessThan(250);
    expect(log.scrollTop).to.be.greaterThan(100);
    // Four days of texts an hour apart: several separators, the last one "Today".
    const separators = $$(el, '[part="day-separator"]').map((node) => textOf(node));
    expect(separators.length).to.be.greaterThan(0);
    for (let step = 0; step < 40 && el.controller.state.nextCursor; step++) {
      log.scrollTop = 0;
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    await until(() => !el.controller.state.nextCursor && !el.controller.state.isLoadingNext, 'the whole history');
    await el.updateComplete;
    expect(bodies(el)[0]).to.equal('Timeline message 0');
    expect(bodies(el).length).to.equal(f.acme.longThread.size);
    const allSeparators = $$(el, '[part="day-separator"]').map((node) => textOf(node));
    expect(allSeparators.length).to.be.within(3, 5);
    expect(allSeparators.at(-1)).to.be.oneOf(['Today', 'Yesterday']);
    expect(new Set(allSeparators).size).to.equal(allSeparators.length);
  });

  it('appends live texts and updates a sent message from queued to delivered in place', async () => {
    const client = clientFor(f.baseUrl, f.acme.ownerToken);
    const { threadId, contact } = await newThread('Do you do weekend calls?');
    const el = await mount(client, threadId);
    await until(() => bodies(el).includes('Do you do weekend calls?'), 'the first text');
    await until(() => client.connection.get().state === 'open', 'the live stream');

    await inboundText(f.baseUrl, f.acme.ownerToken, { to: f.acme.numbers.tampa, from: contact, body: 'Also, how much?' });
    await until(() => bodies(el).at(-1) === 'Also, how much?', 'the live text at the bottom');

    await client.messages.send({ from: f.acme.numbers.tampa, to: contact, body: 'Yes, Saturdays 9-1.' });
    await until(() => bodies(el).at(-1) === 'Yes, Saturdays 9-1.', 'the sent text');
    const outbound = () => $$(el, '[part~="message-outbound"]').at(-1)!;
    await until(() => textOf(outbound().querySelector('[part~="status"]')) === 'Delivered', 'delivered');
    expect($$(el, '[part~="message-outbound"]').length).to.equal(1);
  });

  it('shows why a message failed, in words with the carrier code', async () => {
    const client = clientFor(f.baseUrl, f.acme.ownerToken);
    const contact = spamFilteredContact();
    const sent = await client.messages.send({ from: f.acme.numbers.tampa, to: contact, body: 'Limited offer!!!' });
    const el = await mount(client, sent.threadId);
    await until(() => textOf($(el, '[part~="status-failed"]')) === 'Failed: Carrier filtered as spam (30007)', 'the failure reason');
  });

  it('shows calls with outcome, duration and a recording player', async () => {
    const client = clientFor(f.baseUrl, f.acme.ownerToken);
    const { threadId, contact } = await newThread('Calling you now');
    await inboundCall(f.baseUrl, f.acme.ownerToken, { to: f.acme.numbers.tampa, from: contact, outcome: 'missed' });
    await inboundCall(f.baseUrl, f.acme.ownerToken, { to: f.acme.numbers.tampa, from: contact, outcome: 'voicemail', durationSeconds: 42 });
    await inboundCall(f.baseUrl, f.acme.ownerToken, { to: f.acme.numbers.tampa, from: contact, outcome: 'answered', durationSeconds: 125 });
    const el = await mount(client, threadId);
    await until(() => $$(el, '[part~="call"]').length === 3, 'three calls');
    const [missed, voicemail, answered] = $$(el, '[part~="call"]');
    expect(missed!.getAttribute('part')).to.contain('call-missed');
    expect(textOf(missed!.querySelector('.call-title'))).to.equal('Missed call');
    expect(textOf(voicemail!.querySelector('.call-title'))).to.match(/^Voicemail · \d:\d\d$/);
    const player = voicemail!.querySelector<HTMLAudioElement>('audio[part="recording"]')!;
    // The browser can play it: the server streams a real recording at that link.
    player.preload = 'metadata';
    player.load();
    await until(() => player.readyState >= HTMLMediaElement.HAVE_METADATA && player.duration > 0, 'the recording to load');
    expect(textOf(answered!.querySelector('.call-title'))).to.equal('Answered call · 2:05');
    expect(textOf(answered!)).to.contain('Incoming call');
  });

  it('shows MMS inline: an image that opens large, audio and video players, and a download chip for files', async () => {
    const client = clientFor(f.baseUrl, f.acme.ownerToken);
    const contact = uniqueContact();
    const message = await inboundText(f.baseUrl, f.acme.ownerToken, {
      to: f.acme.numbers.tampa,
      from: contact,
      body: 'Photos of the leak',
      media: [{ sample: 'image' }, { sample: 'audio' }, { sample: 'video' }, { sample: 'file' }],
    });
    const el = await mount(client, message.threadId);
    await until(() => $(el, '[part="image"]'), 'the image');
    const image = $<HTMLImageElement>(el, '[part="image"]')!;
    await until(() => image.complete && image.naturalWidth > 0, 'the image to load from the server');
    expect($(el, 'audio[part="audio"]')).to.not.equal(null);
    expect($(el, 'video[part="video"]')).to.not.equal(null);
    const chip = $<HTMLAnchorElement>(el, 'a[part="attachment"]')!;
    const file = message.media.find((media) => !/^(image|audio|video)\//.test(media.contentType))!;
    expect(chip.getAttribute('download')).to.equal(file.filename);
    expect(textOf(chip)).to.contain(file.filename);
    expect(textOf(chip)).to.match(/\(\d+(\.\d)? (bytes|kB|MB)\)$/);
    // An SVG icon, not an emoji that shows as an empty box without an emoji font.
    expect(chip.querySelector('svg[aria-hidden="true"]')).to.not.equal(null);
    expect(textOf(chip)).to.not.match(/\p{Extended_Pictographic}/u);

    $<HTMLButtonElement>(el, '[part="image-button"]')!.click();
    await until(() => $<HTMLDialogElement>(el, 'dialog')?.open, 'the enlarged image');
    expect($<HTMLImageElement>(el, 'dialog img')!.src).to.equal(image.src);
    $<HTMLButtonElement>(el, 'dialog button')!.click();
    await until(() => !$<HTMLDialogElement>(el, 'dialog')!.open, 'the dialog to close');
  });

  it('marks the thread read when it opens', async () => {
    const client = clientFor(f.baseUrl, f.acme.ownerToken);
    const { threadId, contact } = await newThread('Unread until you look');
    const before = await client.threads.list({ q: contact });
    expect(before.items[0]!.unreadCount).to.equal(1);
    await mount(client, threadId);
    await until(async () => (await client.threads.list({ q: contact })).items[0]!.unreadCount === 0, 'the server to record the read');
  });

  it('renders markup in bodies as plain text', async () => {
    const attack = '<img src=x onerror="window.__tlXss=1"><script>window.__tlXss=1</script>';
    const { threadId } = await newThread(attack);
    const el = await mount(clientFor(f.baseUrl, f.acme.ownerToken), threadId);
    await until(() => bodies(el).length === 1, 'the text');
    expect(bodies(el)[0]).to.equal(attack);
    expect($(el, '[part="body"] img, [part="body"] script')).to.equal(null);
    expect((window as { __tlXss?: number }).__tlXss).to.equal(undefined);
  });

  it('passes axe with texts, calls and media', async () => {
    const client = clientFor(f.baseUrl, f.acme.ownerToken);
    const contact = uniqueContact();
    const message = await inboundText(f.baseUrl, f.acme.ownerToken, { to: f.acme.numbers.tampa, from: contact, body: 'See photo', media: [{ sample: 'image' }, { sample: 'file' }] });
    await inboundCall(f.baseUrl, f.acme.ownerToken, { to: f.acme.numbers.tampa, from: contact, outcome: 'voicemail', durationSeconds: 12 });
    await client.messages.send({ from: f.acme.numbers.tampa, to: contact, body: 'Thanks, on it' });
    const el = await mount(client, message.threadId);
    await until(() => $$(el, '[part~="message"]').length === 2 && $$(el, '[part~="call"]').length === 1, 'the rows');
    await expect(el).to.be.accessible();
  });
});
