import { createContext } from '@lit/context';
import type { ThreadlineClient } from '@threadline/sdk';
import type { TlStringOverrides } from './strings.ts';

/** What `tl-provider` (and `tl-inbox`) share with every Threadline element inside it. */
export interface ThreadlineContextValue {
  /** The one client the page's widgets share (one live stream, one cache). */
  client: ThreadlineClient | undefined;
  /** Page-wide string overrides; a component's own `strings` win over these. */
  strings: TlStringOverrides | undefined;
  /** Locale for dates, numbers and money; the page's `lang` when unset. */
  locale: string | undefined;
}

/**
 * The context key. A global symbol, so two copies of the widgets on one page still find each other.
 * @example
 * // In a host's own Lit element:
 * @consume({ context: threadlineContext, subscribe: true }) threadline?: ThreadlineContextValue;
 */
export const threadlineContext = createContext<ThreadlineContextValue>(Symbol.for('threadline.context'));
