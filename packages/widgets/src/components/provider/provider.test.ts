import { expect, fixture, html } from '@open-wc/testing';
import { setupIgnoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';
import '../../index.ts';
import type { TlComposer } from '../composer/composer.ts';
import type { TlThreadList } from '../thread-list/thread-list.ts';
import { clientFor, closeClients, fixtures, textOf, until, type Fixtures } from '../../testing/server.ts';
import type { TlProvider } from './provider.ts';

describe('tl-provider', () => {
  setupIgnoreWindowResizeObserverLoopErrors(beforeEach, afterEach, { suppressErrorLogging: true });
  let f: Fixtures;
  before(async () => {
    f = await fixtures();
  });
  afterEach(() => closeClients());

  it('gives every widget inside one client, its strings (a widget’s own win) and its theme', async () => {
    const el = await fixture<TlProvider>(html`
      <tl-provider base-url=${f.baseUrl} token=${f.quiet.ownerToken} theme="dark" .strings=${{ threadsEmpty: 'Rien ici', send: 'Envoyer' }}>
        <section>
          <tl-thread-list style="height: 300px"></tl-thread-list>
          <tl-composer .strings=${{ send: 'Expédier' }}></tl-composer>
        </section>
      </tl-provider>
    `);
    const threadList = el.querySelector<TlThreadList>('tl-thread-list')!;
    const composer = el.querySelector<TlComposer>('tl-composer')!;
    await until(() => textOf(threadList.shadowRoot!.querySelector('[part="status"]')) === 'Rien ici', 'the provider’s strings');
    await until(() => composer.shadowRoot!.querySelector('[part="send-button"]'), 'the composer');
    expect(textOf(composer.shadowRoot!.querySelector('[part="send-button"]'))).to.equal('Expédier');
    expect(threadList.controller.client).to.be.an('object');
    expect(composer.controller.client).to.equal(threadList.controller.client);
    expect(composer.controller.client).to.equal(el.activeClient);
    expect(getComputedStyle(threadList).backgroundColor).to.equal('rgb(19, 21, 25)');
    el.remove();
  });

  it('passes a client made with createClient, and switches when it changes', async () => {
    const first = clientFor(f.baseUrl, f.quiet.ownerToken);
    const second = clientFor(f.baseUrl, f.acme.ownerToken);
    const el = await fixture<TlProvider>(html`<tl-provider .client=${first}><tl-thread-list style="height: 300px"></tl-thread-list></tl-provider>`);
    const threadList = el.querySelector<TlThreadList>('tl-thread-list')!;
    await until(() => textOf(threadList.shadowRoot!.querySelector('[part="status"]')) === 'No conversations yet', 'the first business');
    el.client = second;
    await until(() => threadList.controller.client === second && threadList.controller.state.items.length > 0, 'the second business');
  });

  it('says what is missing when no client is configured', async () => {
    const el = await fixture<TlThreadList>(html`<tl-thread-list></tl-thread-list>`);
    expect(textOf(el.shadowRoot!.querySelector('[part="status"]'))).to.contain('Not connected');
  });
});
