import { expect, fixture } from '@open-wc/testing';
import { html, LitElement } from 'lit';
import { ComposerController, ThreadListController, TimelineController } from '../headless.ts';
import { clientFor, closeClients, fixtures, until, type Fixtures } from '../testing/server.ts';

// A host's own element, with its own markup, on the widgets' logic.
class MyInbox extends LitElement {
  client: ReturnType<typeof clientFor> | undefined;
  threads = new ThreadListController(this, { client: () => this.client, pageSize: 5 });
  timeline = new TimelineController(this, { client: () => this.client, threadId: () => this.threads.state.items[0]?.id, markRead: false });
  composer = new ComposerController(this, { client: () => this.client, threadId: () => this.threads.state.items[0]?.id });
  protected override createRenderRoot() {
    return this;
  }
  protected override render() {
    return html`<ul>
        ${this.threads.state.items.map((thread) => html`<li>${thread.contact.name ?? thread.contact.e164}</li>`)}
      </ul>
      <p class="count">${this.timeline.state.items.length}</p>
      <p class="meter">${this.composer.meter.segments}</p>`;
  }
}
customElements.define('my-inbox', MyInbox);

describe('headless controllers', () => {
  let f: Fixtures;
  before(async () => {
    f = await fixtures();
  });
  afterEach(() => closeClients());

  it('registers no elements', () => {
    expect(customElements.get('tl-inbox')).to.equal(undefined);
    expect(customElements.get('tl-thread-list')).to.equal(undefined);
  });

  it('drive a host’s own markup: threads, the first thread’s timeline and a composer', async () => {
    const el = await fixture<MyInbox>(html`<my-inbox></my-inbox>`);
    el.client = clientFor(f.baseUrl, f.directory.ownerToken);
    el.requestUpdate();
    await until(() => el.querySelectorAll('li').length === 5, 'a page of five threads');
    await until(() => Number(el.querySelector('.count')!.textContent) > 0, 'the first thread’s timeline');
    await until(() => el.composer.fromId, 'a From number');
    el.composer.setBody('x'.repeat(200));
    await el.updateComplete;
    expect(el.querySelector('.meter')!.textContent).to.equal('2');
    el.threads.setFilters({ trackingNumberId: f.directory.numbers.ottawa });
    await until(() => el.threads.state.items.length > 0 && el.threads.state.items.every((thread) => thread.trackingNumbers.some((number) => number.id === f.directory.numbers.ottawa)), 'the filtered list');
  });
});
