import { expect, fixture, html } from '@open-wc/testing';
import '../index.ts';
import type { TlComposer } from '../components/composer/composer.ts';
import { clientFor, closeClients, fixtures, until } from '../testing/server.ts';

describe('theming', () => {
  afterEach(() => closeClients());

  it('keeps the page’s styles out and its own in, and follows --tl-* tokens set by the host', async () => {
    const f = await fixtures();
    const client = clientFor(f.baseUrl, f.acme.ownerToken);
    const page = await fixture<HTMLElement>(html`
      <div>
        <style>
          .hostile { font-family: serif; color: rgb(255, 0, 0); letter-spacing: 7px; line-height: 4; }
          .hostile button, .hostile textarea, .hostile div { background: rgb(0, 255, 0) !important; }
          .branded { --tl-color-primary: rgb(128, 0, 128); --tl-font-family: Georgia; --tl-radius: 0px; }
        </style>
        <div class="hostile"><tl-composer .client=${client}></tl-composer></div>
        <div class="branded"><tl-composer .client=${client}></tl-composer></div>
        <p class="outside">Host text</p>
      </div>
    `);
    const [hostile, branded] = [...page.querySelectorAll<TlComposer>('tl-composer')];
    await until(() => hostile!.shadowRoot!.querySelector('[part="send-button"]') && branded!.shadowRoot!.querySelector('[part="send-button"]'), 'both composers');
    const send = hostile!.shadowRoot!.querySelector<HTMLElement>('[part="send-button"]')!;
    const textarea = hostile!.shadowRoot!.querySelector<HTMLElement>('textarea')!;
    // Inherited text styles stop at the component; selectors never reach inside.
    expect(getComputedStyle(textarea).color).to.equal('rgb(27, 29, 33)');
    expect(getComputedStyle(textarea).letterSpacing).to.equal('normal');
    expect(getComputedStyle(textarea).fontFamily).to.not.equal('serif');
    expect(getComputedStyle(send).backgroundColor).to.equal('rgb(26, 86, 219)');
    // Tokens set by the host do reach in.
    const brandedSend = branded!.shadowRoot!.querySelector<HTMLElement>('[part="send-button"]')!;
    expect(getComputedStyle(brandedSend).backgroundColor).to.equal('rgb(128, 0, 128)');
    expect(getComputedStyle(brandedSend).borderTopLeftRadius).to.equal('0px');
    expect(getComputedStyle(brandedSend).fontFamily).to.equal('Georgia');
    // And nothing of ours leaks out to the page.
    expect(getComputedStyle(page.querySelector('.outside')!).fontFamily).to.equal(getComputedStyle(document.body).fontFamily);
    expect(document.head.querySelectorAll('style').length).to.equal(0);
  });

  it('styles parts from outside with ::part()', async () => {
    const f = await fixtures();
    const page = await fixture<HTMLElement>(html`
      <div>
        <style>
          .parted::part(send-button) { text-transform: uppercase; }
        </style>
        <tl-composer class="parted" .client=${clientFor(f.baseUrl, f.acme.ownerToken)}></tl-composer>
      </div>
    `);
    const composer = page.querySelector<TlComposer>('tl-composer')!;
    await until(() => composer.shadowRoot!.querySelector('[part="send-button"]'), 'the composer');
    expect(getComputedStyle(composer.shadowRoot!.querySelector('[part="send-button"]')!).textTransform).to.equal('uppercase');
  });
});
