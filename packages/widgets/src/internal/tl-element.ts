import { LitElement } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { ThreadlineClient } from '@threadline/sdk';
import { threadlineContext, type ThreadlineContextValue } from '../context.ts';
import { defaultLocale } from '../format.ts';
import { resolveStrings, type TlStringOverrides, type TlStrings } from '../strings.ts';

/** The look a component takes: light (default), dark, or the operating system's preference. */
export type TlTheme = 'light' | 'dark' | 'auto';

/**
 * What every Threadline element shares: where its client comes from (its own `client` property,
 * else the nearest `tl-provider`/`tl-inbox`), its strings and locale, and its theme.
 */
export class TlElement extends LitElement {
  /** The client to use; when unset, the nearest `tl-provider` or `tl-inbox` supplies one. */
  @property({ attribute: false }) client: ThreadlineClient | undefined;

  /** Replacements for any user-visible string (see `defaultStrings`); they win over the provider's. */
  @property({ attribute: false }) strings: TlStringOverrides | undefined;

  /** Locale for dates, numbers and money (BCP 47, e.g. "en-CA"); the page's `lang` when unset. */
  @property() locale: string | undefined;

  /** `light` (default), `dark`, or `auto` to follow the operating system. */
  @property({ reflect: true }) theme: TlTheme | undefined;

  @consume({ context: threadlineContext, subscribe: true })
  @state()
  protected threadline: ThreadlineContextValue | undefined;

  #strings: TlStrings | undefined;
  #stringLayers: unknown[] = [];

  /** The client in effect. */
  protected get activeClient(): ThreadlineClient | undefined {
    return this.client ?? this.threadline?.client;
  }

  /** The strings in effect: defaults, then the provider's, then this element's. */
  protected get t(): TlStrings {
    const layers = [this.threadline?.strings, this.strings];
    if (!this.#strings || layers.some((layer, index) => layer !== this.#stringLayers[index])) {
      this.#strings = resolveStrings(...layers);
      this.#stringLayers = layers;
    }
    return this.#strings;
  }

  /** The locale in effect. */
  protected get activeLocale(): string {
    return this.locale ?? this.threadline?.locale ?? defaultLocale();
  }
}
