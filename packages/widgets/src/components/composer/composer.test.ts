import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { createClient, type Thread, type ThreadlineClient } from '@threadline/sdk';
import '../../index.ts';
import type { TlBillingRequestEvent } from '../../events/billing-request.ts';
import type { TlSendErrorEvent } from '../../events/send-error.ts';
import type { TlSendEvent } from '../../events/send.ts';
import type { TlSetupRequestEvent } from '../../events/setup-request.ts';
import { defaultStrings, type TlStringOverrides } from '../../strings.ts';
import { clientFor, closeClients, fixtures, inboundText, textOf, topUp, uniqueContact, until, type Fixtures } from '../../testing/server.ts';
import type { TlComposer } from './composer.ts';

const $ = <T extends Element = HTMLElement>(el: TlComposer, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const $$ = <T extends Element = HTMLElement>(el: TlComposer, selector: string) => [...el.shadowRoot!.querySelectorAll<T>(selector)];
const textarea = (el: TlComposer) => $<HTMLTextAreaElement>(el, 'textarea')!;
const sendButton = (el: TlComposer) => $<HTMLButtonElement>(el, '[part="send-button"]')!;
const fromSelect = (el: TlComposer) => $<HTMLSelectElement>(el, '[part="from-select"]')!;
const errorNotice = (el: TlComposer) => textOf($(el, '[part~="notice-error"]'));
const meter = (el: TlComposer) => textOf($(el, '[part="meter"]'));

async function mount(client: ThreadlineClient, options: { threadId?: string; thread?: Thread; strings?: TlStringOverrides } = {}): Promise<TlComposer> {
  const el = await fixture<TlComposer>(
    html`<tl-composer .client=${client} .threadId=${options.threadId} .thread=${options.thread} .strings=${options.strings}></tl-composer>`,
  );
  await until(() => $$(el, '[part="from-select"] option').length > 0 && el.controller.balance, 'the numbers and balance');
  return el;
}

/** Types into a field of the composer like a user: focus, then real key presses. */
async function type(field: HTMLElement, text: string): Promise<void> {
  field.focus();
  await sendKeys({ type: text });
}

async function choose(el: TlComposer, trackingNumberId: string): Promise<void> {
  const select = fromSelect(el);
  select.value = trackingNumberId;
  select.dispatchEvent(new Event('change'));
  await el.updateComplete;
}

describe('tl-composer', () => {
  let f: Fixtures;
  before(async () => {
    f = await fixtures();
  });
  afterEach(() => closeClients());

  async function thread(token = f.acme.ownerToken, to = f.acme.numbers.tampa, body = 'Hello?') {
    const contact = uniqueContact();
    const message = await inboundText(f.baseUrl, token, { to, from: contact, body });
    return { threadId: message.threadId, contact };
  }

  it('replies from the number the thread used; Enter sends, Shift+Enter adds a line, and the text clears', async () => {
    const client = clientFor(f.baseUrl, f.acme.ownerToken);
    const { threadId, contact } = await thread(f.acme.ownerToken, f.acme.numbers.toronto);
    const el = await mount(client, { threadId });
    await until(() => fromSelect(el).value === f.acme.numbers.toronto, 'the thread’s own number as From');
    expect(sendButton(el).disabled).to.equal(true);

    await type(textarea(el), 'Line one');
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ type: 'Line two' });
    expect(textarea(el).value).to.equal('Line one\nLine two');
    await el.updateComplete;
    expect(sendButton(el).disabled).to.equal(false);

    const sent = oneEvent(el, 'tl-send');
    await sendKeys({ press: 'Enter' });
    const event = (await sent) as unknown as TlSendEvent;
    expect(event.message.body).to.equal('Line one\nLine two');
    expect(event.message.to).to.equal(contact);
    expect(event.message.trackingNumber.id).to.equal(f.acme.numbers.toronto);
    expect(event.message.status).to.equal('queued');
    await el.updateComplete;
    expect(textarea(el).value).to.equal('');
    const timeline = await client.timeline(threadId);
    await until(() => timeline.get().items.some((item) => item.kind === 'message' && item.body === 'Line one\nLine two'), 'the message on the server');
    timeline.destroy();
  });

  it('meters characters, segments, encoding and cost live, naming the characters that force Unicode', async () => {
    const el = await mount(clientFor(f.baseUrl, f.acme.ownerToken));
    await type(textarea(el), 'Hello');
    await el.updateComplete;
    expect(meter(el)).to.equal('5 characters · 1 segment · GSM-7 · Cost $0.01');

    await sendKeys({ type: ' it’s 😀' });
    await el.updateComplete;
    expect(meter(el)).to.contain('1 segment · UCS-2');
    expect($$(el, '.unicode mark').map((mark) => mark.textContent)).to.deep.equal(['’', '😀']);

    el.controller.setBody('x'.repeat(161));
    await el.updateComplete;
    expect(meter(el)).to.equal('161 characters · 2 segments · GSM-7 · Cost $0.02');
  });

  it('checks a new recipient with the server as it is typed, and shows it normalised to E.164', async () => {
    const el = await mount(clientFor(f.baseUrl, f.acme.ownerToken));
    const to = $<HTMLInputElement>(el, '[part="to-input"]')!;
    await type(to, '12');
    await el.updateComplete;
    // The server reads the number a moment after typing stops; until then the field says so.
    expect(to.getAttribute('aria-busy')).to.equal('true');
    expect(textOf($(el, '#to-hint'))).to.equal('Checking the number…');
    await until(() => to.getAttribute('aria-invalid') === 'true', 'the server’s answer');
    expect(to.getAttribute('aria-busy')).to.equal('false');
    expect(textOf($(el, '#to-hint'))).to.equal('Enter a valid US or Canadian phone number.');
    // The server's own field message (its 422 on `to`) is there for hosts that word it themselves.
    expect(el.controller.recipient.message).to.equal('"to" is not a phone number we can text: 12');
    to.select();
    await sendKeys({ type: '(813) 555-1234' });
    await until(() => el.controller.recipient.e164 === '+18135551234', 'the number read by the server');
    await el.updateComplete;
    expect(to.getAttribute('aria-invalid')).to.equal('false');
    expect(textOf($(el, '#to-hint'))).to.equal('Sends to +18135551234');
  });

  it('asks the server once for a message to a new number: the number and the price come in one quote', async () => {
    const quotes: Array<{ to: string; body: string }> = [];
    const counting: typeof fetch = (input, init) => {
      if (String(input instanceof Request ? input.url : input).includes('/v1/messages/quote')) quotes.push(JSON.parse(String(init?.body)));
      return fetch(input, init);
    };
    // A business no other test writes to: its balance and numbers do not change under the test
    // (a change would rightly ask for a fresh quote).
    const client = createClient({ baseUrl: f.baseUrl, token: f.quiet.ownerToken, fetch: counting });
    try {
      const el = await mount(client);
      await type(textarea(el), 'See you at 3');
      const contact = uniqueContact();
      await type($<HTMLInputElement>(el, '[part="to-input"]')!, contact.slice(2));
      await until(() => el.controller.quote?.recipient.e164 === contact, 'the quote');
      expect(el.controller.canSend).to.equal(true);
      expect(el.controller.quote!.cost).to.be.greaterThan(0);
      // Well past the pause after which a second request would have gone out. (A slow typist's
      // pause may have checked part of the number before: only the whole number's quotes count.)
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const forNumber = () => quotes.filter((quote) => quote.to === contact.slice(2) || quote.to === contact);
      expect(forNumber()).to.have.length(1);
      expect(forNumber()[0]!.body).to.equal('See you at 3');
      // Typing more asks again, for the new text only.
      await type(textarea(el), '!');
      await until(() => forNumber().length === 2, 'a quote for the new text');
      expect(forNumber()[1]).to.include({ to: contact, body: 'See you at 3!' });
    } finally {
      client.close();
    }
  });

  it('keeps each thread’s draft: another thread starts clean, coming back restores the text', async () => {
    const client = clientFor(f.baseUrl, f.acme.ownerToken);
    const first = await thread();
    const second = await thread();
    const el = await mount(client, { threadId: first.threadId });
    await type(textarea(el), 'Meant for the first contact');
    el.threadId = second.threadId;
    await el.updateComplete;
    expect(textarea(el).value).to.equal('');
    await type(textarea(el), 'For the second');
    el.threadId = first.threadId;
    await el.updateComplete;
    expect(textarea(el).value).to.equal('Meant for the first contact');
    // A composer created later on the same client finds it too (the inbox re-creates its composer).
    el.remove();
    const again = await mount(client, { threadId: second.threadId });
    expect(textarea(again).value).to.equal('For the second');
  });

  it('keeps drafts in sessionStorage only when asked, keyed by business and user, and restores them after a reload', async () => {
    const { threadId } = await thread();
    const stored = () => Object.keys(sessionStorage).filter((key) => key.endsWith(`:thread:${threadId}`));
    const memory = await mount(clientFor(f.baseUrl, f.acme.ownerToken), { threadId });
    await type(textarea(memory), 'Private by default');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stored()).to.deep.equal([]);
    memory.remove();

    const el = await fixture<TlComposer>(html`<tl-composer drafts="session" .client=${clientFor(f.baseUrl, f.acme.ownerToken)} thread-id=${threadId}></tl-composer>`);
    await until(() => textarea(el), 'the composer');
    await type(textarea(el), 'Survives a reload');
    await until(() => stored().length === 1, 'the draft in sessionStorage');
    expect(stored()[0]).to.contain(f.acme.businessId);
    // A reload is a new client: nothing in memory, the tab's storage still has it.
    const reloaded = await fixture<TlComposer>(html`<tl-composer drafts="session" .client=${clientFor(f.baseUrl, f.acme.ownerToken)} thread-id=${threadId}></tl-composer>`);
    await until(() => textarea(reloaded)?.value === 'Survives a reload', 'the restored draft');
    sessionStorage.removeItem(stored()[0]!);
  });

  it('starts from the recipient and From number a host gives it', async () => {
    const el = await fixture<TlComposer>(
      html`<tl-composer .client=${clientFor(f.baseUrl, f.acme.ownerToken)} to="813.555.0142" from=${f.acme.numbers.toronto}></tl-composer>`,
    );
    await until(() => fromSelect(el)?.value === f.acme.numbers.toronto, 'the given From number');
    expect($<HTMLInputElement>(el, '[part="to-input"]')!.value).to.equal('813.555.0142');
    await until(() => el.controller.recipient.e164 === '+18135550142', 'the given recipient read by the server');
  });

  it('sends a new message to a typed number and reports the new thread', async () => {
    const client = clientFor(f.baseUrl, f.acme.ownerToken);
    const el = await mount(client);
    const contact = uniqueContact();
    await type($(el, '[part="to-input"]')!, contact.slice(2));
    await type(textarea(el), 'We have an opening tomorrow at 10.');
    await until(() => !sendButton(el).disabled, 'Send, once the server has read the recipient');
    const sent = oneEvent(el, 'tl-send');
    sendButton(el).click();
    const { message } = (await sent) as unknown as TlSendEvent;
    expect(message.to).to.equal(contact);
    expect(message.threadId).to.be.a('string');
    const { items } = await client.threads.list({ q: contact });
    expect(items[0]!.id).to.equal(message.threadId);
  });

  it('refuses a US number without 10DLC before Send, with the setup action', async () => {
    const el = await mount(clientFor(f.baseUrl, f.brandless.ownerToken));
    // A new message starts from a number that can send.
    expect(fromSelect(el).value).to.equal(f.brandless.numbers.montreal);
    await choose(el, f.brandless.numbers.downtown);
    await type($(el, '[part="to-input"]')!, '(813) 555-0188');
    await type(textarea(el), 'Hi');
    await el.updateComplete;
    expect(errorNotice(el)).to.contain('US carriers require 10DLC registration. Step 1 of 3: register your brand.');
    expect(sendButton(el).disabled).to.equal(true);
    await sendKeys({ press: 'Enter' });
    expect(textarea(el).value).to.equal('Hi');

    const action = $<HTMLButtonElement>(el, '[part~="notice-error"] [part="notice-action"]')!;
    expect(textOf(action)).to.equal('Finish 10DLC registration');
    setTimeout(() => action.click());
    const request = (await oneEvent(el, 'tl-setup-request')) as unknown as TlSetupRequestEvent;
    expect(request.step).to.equal('brand');
    expect(request.trackingNumberId).to.equal(f.brandless.numbers.downtown);
    expect(request.cancelable).to.equal(true);
  });

  it('says the numbers could not load, rather than that the business has none', async () => {
    // Nothing listens on port 9: the numbers request fails as a network error.
    const client = createClient({ baseUrl: 'http://127.0.0.1:9', token: f.acme.ownerToken });
    try {
      const el = await fixture<TlComposer>(html`<tl-composer .client=${client}></tl-composer>`);
      const error = await until(() => el.controller.numbersError, 'the numbers request to fail');
      await el.updateComplete;
      expect(error.code).to.equal('network_error');
      expect(errorNotice(el)).to.contain(error.message);
      expect(errorNotice(el)).not.to.contain(defaultStrings.noNumbers);
      expect(sendButton(el).disabled).to.be.true;
    } finally {
      client.close();
    }
  });

  it('lists the numbers that cannot send, disabled with the reason and an action; warns for pending toll-free', async () => {
    const el = await mount(clientFor(f.baseUrl, f.acme.ownerToken));
    const options = $$<HTMLOptionElement>(el, '[part="from-select"] option');
    const option = (id: string) => options.find((candidate) => candidate.value === id)!;
    expect(option(f.acme.numbers.fax).disabled).to.equal(true);
    expect(textOf(option(f.acme.numbers.fax))).to.contain("Legacy Fax Line · (813) 555-0103 (can't send)");
    expect(option(f.acme.numbers.billboard).disabled).to.equal(true);
    expect(option(f.acme.numbers.tollFree).disabled).to.equal(false);
    expect(option(f.acme.numbers.tampa).disabled).to.equal(false);

    const notReady = $(el, '[part="not-ready"]')!;
    expect(textOf(notReady.querySelector('summary'))).to.equal('2 numbers cannot send');
    const items = [...notReady.querySelectorAll('li')].map((item) => textOf(item));
    expect(items).to.include("Legacy Fax Line This number can't send texts. Add an SMS-capable tracking number to text from it. Get an SMS number");
    expect(items).to.include('Billboard I-4 10DLC step 3 of 3: assign this number to your approved campaign. Finish 10DLC registration');

    await choose(el, f.acme.numbers.tollFree);
    expect(textOf($(el, '[part~="notice-warning"]'))).to.equal('Toll-free verification pending: messages may not deliver until approval completes.');
    await type($(el, '[part="to-input"]')!, uniqueContact());
    await type(textarea(el), 'Sent anyway');
    await until(() => !sendButton(el).disabled, 'Send enabled with the toll-free warning');
  });

  it('refuses when the balance is below the cost, before Send, and offers Add funds', async () => {
    const client = clientFor(f.baseUrl, f.brandless.ownerToken);
    const el = await mount(client);
    await type($(el, '[part="to-input"]')!, '(514) 555-0142');
    el.controller.setBody('Three segments. '.repeat(20));
    await el.updateComplete;
    expect(meter(el)).to.contain('3 segments');
    expect(errorNotice(el)).to.contain('Balance $0.02 is below the $0.03 send cost. Add funds in Billing.');
    expect(sendButton(el).disabled).to.equal(true);
    const addFunds = $<HTMLButtonElement>(el, '[part~="notice-error"] [part="notice-action"]')!;
    setTimeout(() => addFunds.click());
    const request = (await oneEvent(el, 'tl-billing-request')) as unknown as TlBillingRequestEvent;
    expect([request.balance, request.cost]).to.deep.equal([2, 3]);
    // The server agrees: a quote for the same input would be refused the same way.
    const quote = await client.messages.quote({ from: f.brandless.numbers.montreal, to: '+15145550142', body: el.controller.body });
    expect(quote.refusal?.code).to.equal('insufficient_balance');
    // A shorter text fits the balance.
    el.controller.setBody('Short');
    await el.updateComplete;
    expect(errorNotice(el)).to.equal('');
    await until(() => !sendButton(el).disabled, 'Send enabled for the shorter text');
  });

  it('drops the balance refusal when a top-up arrives live, without any typing', async () => {
    const client = clientFor(f.baseUrl, f.topUp.ownerToken);
    const el = await mount(client);
    await type($(el, '[part="to-input"]')!, uniqueContact());
    el.controller.setBody('Three segments. '.repeat(20));
    await el.updateComplete;
    expect(errorNotice(el)).to.contain('Balance $0.02 is below the $0.03 send cost.');
    // Wait for the server's own refusal, so what must go stale is the server's answer, not only the local check.
    await until(() => el.controller.quote?.refusal?.code === 'insufficient_balance', 'the server’s insufficient-balance quote');
    await topUp(f.baseUrl, f, 500);
    await until(() => errorNotice(el) === '' && !sendButton(el).disabled, 'the refusal to disappear after the top-up');
    expect(el.controller.quote?.refusal ?? null).to.equal(null);
    expect(textarea(el).value).to.equal('Three segments. '.repeat(20));
  });

  it('says so and does not send to a contact who replied STOP, in a thread and as a new message', async () => {
    const client = clientFor(f.baseUrl, f.acme.ownerToken);
    const { threadId, contact } = await thread();
    await inboundText(f.baseUrl, f.acme.ownerToken, { to: f.acme.numbers.tampa, from: contact, body: 'STOP' });
    const { items } = await client.threads.list({ q: contact });
    expect(items[0]!.contact.optedOut).to.equal(true);

    const reply = await mount(client, { threadId, thread: items[0]! });
    expect(errorNotice(reply)).to.contain('This contact replied STOP');
    await type(textarea(reply), 'Are you there?');
    await reply.updateComplete;
    expect(sendButton(reply).disabled).to.equal(true);

    // A new message to the same number: the server's quote knows the contact opted out.
    const fresh = await mount(client);
    await type($(fresh, '[part="to-input"]')!, contact);
    await type(textarea(fresh), 'Special offer');
    await until(() => errorNotice(fresh).includes('This contact replied STOP'), 'the opt-out from the quote');
    expect(sendButton(fresh).disabled).to.equal(true);
  });

  it('keeps the text after a refused send and says why', async () => {
    const client = clientFor(f.baseUrl, f.acme.viewerToken);
    const { threadId } = await thread();
    const el = await mount(client, { threadId });
    await type(textarea(el), 'Viewers cannot send this');
    const failed = oneEvent(el, 'tl-send-error');
    await sendKeys({ press: 'Enter' });
    const event = (await failed) as unknown as TlSendErrorEvent;
    expect(event.code).to.equal('forbidden');
    await el.updateComplete;
    expect(textarea(el).value).to.equal('Viewers cannot send this');
    expect(errorNotice(el)).to.contain('Message not sent:');
    expect(errorNotice(el)).to.contain('viewer');
    // Nothing was stored, and the optimistic bubble was taken back.
    const timeline = client.timeline(threadId);
    await until(() => !timeline.get().isLoading, 'the timeline');
    expect(timeline.get().items.filter((item) => item.kind === 'message' && item.direction === 'outbound')).to.have.length(0);
    timeline.destroy();
  });

  it('uploads attachments with progress and a preview, enforces the limits, and prices the MMS', async () => {
    const client = clientFor(f.baseUrl, f.acme.ownerToken);
    const { threadId } = await thread();
    const el = await mount(client, { threadId });
    const png = await (await fetch('data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==')).blob();
    const input = $<HTMLInputElement>(el, 'input[type="file"]')!;
    const pick = (files: File[]) => {
      const transfer = new DataTransfer();
      for (const file of files) transfer.items.add(file);
      input.files = transfer.files;
      input.dispatchEvent(new Event('change'));
    };
    pick([new File([png], 'leak.png', { type: 'image/png' }), new File(['MZ'], 'setup.exe', { type: 'application/x-msdownload' })]);
    await el.updateComplete;
    expect(textOf($(el, '#notices'))).to.contain('setup.exe is not a supported file type.');
    const attachment = $(el, '[part="attachment"]')!;
    expect(attachment.querySelector('img')!.getAttribute('src')).to.match(/^blob:/);
    expect(textOf(attachment)).to.contain('leak.png');
    await until(() => el.controller.attachments[0]?.media, 'the upload');
    await el.updateComplete;
    expect(attachment.querySelector('progress')).to.equal(null);
    expect(meter(el)).to.equal('MMS · 1 attachment · Cost $0.03');

    pick(Array.from({ length: 10 }, (_, index) => new File(['x'], `note-${index}.txt`, { type: 'text/plain' })));
    await el.updateComplete;
    expect(el.controller.attachments).to.have.length(10);
    expect(textOf($(el, '#notices'))).to.contain('Up to 10 attachments per message.');
    // A file without a preview: an SVG icon (no emoji that shows as an empty box) and a plural size.
    const note = $$(el, '[part="attachment"]')[1]!;
    expect(note.querySelector('svg[aria-hidden="true"]')).to.not.equal(null);
    expect(textOf(note)).to.contain('note-0.txt 1 byte');
    expect(textOf($(el, '[part="form"]'))).to.not.match(/\p{Extended_Pictographic}/u);
    expect($(el, '[part="attach-button"] svg[aria-hidden="true"]')).to.not.equal(null);
    expect($(el, '[part="attach-button"]')!.getAttribute('aria-label')).to.equal('Attach files');
    for (const extra of el.controller.attachments.slice(1)) el.controller.removeAttachment(extra.key);
    await el.updateComplete;

    const sent = oneEvent(el, 'tl-send');
    sendButton(el).click();
    const { message } = (await sent) as unknown as TlSendEvent;
    expect(message.media.map((media) => media.filename)).to.deep.equal(['leak.png']);
    expect(message.cost).to.equal(3);
  });

  it('shows every word from the strings in effect (white label)', async () => {
    const el = await mount(clientFor(f.baseUrl, f.brandless.ownerToken), {
      strings: { send: 'Envoyer', messagePlaceholder: 'Votre message', 'readiness_brand_missing': 'Inscription 10DLC requise.', 'action_messaging-setup': 'Terminer' },
    });
    expect(textOf(sendButton(el))).to.equal('Envoyer');
    expect(textarea(el).placeholder).to.equal('Votre message');
    await choose(el, f.brandless.numbers.downtown);
    expect(errorNotice(el)).to.equal('Inscription 10DLC requise. Terminer');
  });

  describe('in a form', () => {
    async function inForm(client: ThreadlineClient, options: { threadId?: string; required?: boolean } = {}) {
      const form = await fixture<HTMLFormElement>(html`<form>
        <fieldset>
          <label for="reply">Note to the patient</label>
          <tl-composer id="reply" name="body" ?required=${options.required} .client=${client} .threadId=${options.threadId}></tl-composer>
          <button type="submit">Save</button>
        </fieldset>
      </form>`);
      const el = form.querySelector<TlComposer>('tl-composer')!;
      await until(() => $$(el, '[part="from-select"] option').length > 0 && el.controller.balance, 'the numbers and balance');
      return { form, el };
    }

    it('submits the body under its name, and a reset empties it and forgets the draft', async () => {
      const client = clientFor(f.baseUrl, f.acme.ownerToken);
      const { threadId } = await thread();
      const other = await thread();
      const { form, el } = await inForm(client, { threadId });
      expect(el.form).to.equal(form);
      await type(textarea(el), 'Bring your X-rays');
      const submitted = new Promise<FormData>((resolve) =>
        form.addEventListener('submit', (event) => {
          event.preventDefault();
          resolve(new FormData(form));
        }, { once: true }),
      );
      form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
      expect((await submitted).get('body')).to.equal('Bring your X-rays');

      form.reset();
      await el.updateComplete;
      expect(textarea(el).value).to.equal('');
      expect(new FormData(form).get('body')).to.equal('');
      // The draft went too: leaving the thread and coming back finds it empty.
      el.threadId = other.threadId;
      await el.updateComplete;
      el.threadId = threadId;
      await el.updateComplete;
      expect(textarea(el).value).to.equal('');
    });

    it('is disabled by a disabled fieldset: no typing, no Send, left out of the form', async () => {
      const client = clientFor(f.baseUrl, f.acme.ownerToken);
      const { threadId } = await thread();
      const { form, el } = await inForm(client, { threadId });
      await type(textarea(el), 'Not yet');
      const fieldset = form.querySelector('fieldset')!;
      fieldset.disabled = true;
      await el.updateComplete;
      expect(el.matches(':disabled')).to.equal(true);
      expect(textarea(el).disabled).to.equal(true);
      expect(fromSelect(el).disabled).to.equal(true);
      expect($<HTMLButtonElement>(el, '[part="attach-button"]')!.disabled).to.equal(true);
      expect(sendButton(el).disabled).to.equal(true);
      expect(new FormData(form).has('body')).to.equal(false);
      let sent = false;
      el.addEventListener('tl-send', () => (sent = true));
      $<HTMLFormElement>(el, '[part="form"]')!.requestSubmit();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(sent).to.equal(false);

      fieldset.disabled = false;
      await el.updateComplete;
      expect(textarea(el).disabled).to.equal(false);
      expect(sendButton(el).disabled).to.equal(false);
      expect(new FormData(form).get('body')).to.equal('Not yet');
    });

    it('reports an empty, too long or unsendable message and a bad recipient, in the composer’s words', async () => {
      const { form, el } = await inForm(clientFor(f.baseUrl, f.brandless.ownerToken), { required: true });
      let submits = 0;
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        submits++;
      });
      expect(el.validity.valueMissing).to.equal(true);
      expect(el.validationMessage).to.equal('Enter a message.');
      expect(form.checkValidity()).to.equal(false);
      form.requestSubmit();
      expect(submits).to.equal(0);

      const to = $<HTMLInputElement>(el, '[part="to-input"]')!;
      await type(to, '12');
      await type(textarea(el), 'Hello');
      // The server reads the recipient a moment after typing stops.
      await until(() => el.validity.typeMismatch, 'the server’s reading of the recipient');
      expect(el.validity.typeMismatch).to.equal(true);
      expect(el.validationMessage).to.equal('Enter a valid US or Canadian phone number.');
      // The browser points at the field concerned.
      expect(el.reportValidity()).to.equal(false);
      expect(el.shadowRoot!.activeElement).to.equal(to);

      to.select();
      await sendKeys({ type: '(514) 555-0142' });
      await until(() => el.controller.recipient.e164 === '+15145550142', 'the number read by the server');
      el.controller.setBody('x'.repeat(1601));
      await el.updateComplete;
      expect(el.validity.tooLong).to.equal(true);
      expect(el.validationMessage).to.equal('The message is 1601 characters; the limit is 1600.');

      el.controller.setBody('Hello');
      await choose(el, f.brandless.numbers.downtown);
      expect(el.validity.customError).to.equal(true);
      expect(el.validationMessage).to.equal('US carriers require 10DLC registration. Step 1 of 3: register your brand.');

      await choose(el, f.brandless.numbers.montreal);
      expect(el.validity.valid).to.equal(true);
      expect(el.validationMessage).to.equal('');
      form.requestSubmit();
      expect(submits).to.equal(1);
    });

    it('takes its name from a <label for>, which also focuses the message field', async () => {
      const { form, el } = await inForm(clientFor(f.baseUrl, f.acme.ownerToken));
      expect(textarea(el).getAttribute('aria-label')).to.equal('Note to the patient');
      form.querySelector('label')!.click();
      expect(el.shadowRoot!.activeElement).to.equal(textarea(el));
      await expect(form).to.be.accessible();
    });
  });

  it('passes axe, replying and writing a new message', async () => {
    const client = clientFor(f.baseUrl, f.acme.ownerToken);
    const { threadId } = await thread();
    const reply = await mount(client, { threadId });
    await type(textarea(reply), 'Hello ’');
    await expect(reply).to.be.accessible();
    const fresh = await mount(client);
    await choose(fresh, f.acme.numbers.tollFree);
    await expect(fresh).to.be.accessible();
  });
});
