import { html, LitElement, type ReactiveControllerHost } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { ContextProvider } from '@lit/context';
import type { ThreadlineClient } from '@threadline/sdk';
import { threadlineContext, type ThreadlineContextValue } from '../../context.ts';
import { ClientOwner } from '../../internal/client-owner.ts';
import type { TlTheme } from '../../internal/tl-element.ts';
import type { TlStringOverrides } from '../../strings.ts';
import { providerStyles } from './provider.styles.ts';

/**
 * Makes `host` the context provider for the Threadline elements inside it; the returned function
 * hands them a new value, and only when something in it changed.
 */
export function provideThreadline(host: ReactiveControllerHost & HTMLElement): (next: ThreadlineContextValue) => void {
  const provider = new ContextProvider(host, { context: threadlineContext, initialValue: { client: undefined, strings: undefined, locale: undefined } });
  return (next) => {
    const current = provider.value;
    // Strings are often a fresh object with the same content.
    if (next.client !== current.client || next.locale !== current.locale || JSON.stringify(next.strings) !== JSON.stringify(current.strings)) provider.setValue(next);
  };
}

/**
 * @summary Shares one client (one live connection), the strings, the locale and the theme with
 * every Threadline element inside it, so many widgets on a page cost one connection.
 *
 * Give it `base-url` and `token` (or a `tokenProvider`, called again when the token expires), or
 * a ready `client` from `createClient`.
 *
 * @slot - Threadline elements, at any depth (and anything else).
 *
 * @example
 * <tl-provider base-url="https://threadline.example.com" token="…" theme="auto">
 *   <tl-thread-list></tl-thread-list>
 *   <tl-timeline thread-id="…"></tl-timeline>
 * </tl-provider>
 */
@customElement('tl-provider')
export class TlProvider extends LitElement {
  static override styles = providerStyles;

  /** The Threadline server, e.g. "https://threadline.example.com". */
  @property({ attribute: 'base-url' }) baseUrl: string | undefined;

  /** An embed token minted by the host's backend. */
  @property() token: string | undefined;

  /** Called for a token at first use and whenever the server refuses the current one. */
  @property({ attribute: false }) tokenProvider: (() => Promise<string> | string) | undefined;

  /** A client made with `createClient`; takes precedence over `base-url`/`token`. */
  @property({ attribute: false }) client: ThreadlineClient | undefined;

  /** String overrides for every widget inside (a widget's own `strings` win). */
  @property({ attribute: false }) strings: TlStringOverrides | undefined;

  /** Locale for dates, numbers and money; the page's `lang` when unset. */
  @property() locale: string | undefined;

  /** `light` (default), `dark`, or `auto` to follow the operating system; widgets inside inherit it. */
  @property({ reflect: true }) theme: TlTheme | undefined;

  readonly #owner = new ClientOwner(this, () => ({ baseUrl: this.baseUrl, token: this.token, tokenProvider: this.tokenProvider }));
  readonly #provide = provideThreadline(this);

  /** The client the widgets inside are using. */
  get activeClient(): ThreadlineClient | undefined {
    return this.client ?? this.#owner.client;
  }

  protected override willUpdate(): void {
    this.#owner.sync();
    this.#provide({ client: this.activeClient, strings: this.strings, locale: this.locale });
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-provider': TlProvider;
  }
}
