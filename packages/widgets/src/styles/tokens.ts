import { css } from 'lit';

// Theming is public API. Hosts set the documented `--tl-*` properties (on the element itself, or on
// any ancestor for the light theme); components read them through private `--_*` aliases whose
// fallbacks are the light defaults, so a page that sets nothing still gets a finished look.
//
// The dark theme (`theme="dark"`, or `theme="auto"` under a dark OS preference) sets the public
// tokens on the element, so components nested inside (the inbox's panes) inherit it. A host's own
// rule on the element beats both, since page styles outrank `:host` rules.

// The dark theme's values, used for theme="dark" and for theme="auto" under a dark preference.
const dark = css`
    color-scheme: dark;
    --tl-color-surface: #131519;
    --tl-color-surface-raised: #22262c;
    --tl-color-surface-hover: #2a2f36;
    --tl-color-selected: #1f3a66;
    --tl-color-text: #e8eaed;
    --tl-color-text-muted: #aab0b8;
    --tl-color-border: #3a4048;
    --tl-color-primary: #8ab4f8;
    --tl-color-on-primary: #0b1b33;
    --tl-color-focus: #8ab4f8;
    --tl-color-danger: #ff9b91;
    --tl-color-danger-surface: #3b1a17;
    --tl-color-warning: #f7c46c;
    --tl-color-warning-surface: #33270f;
    --tl-color-success: #7ed3a3;
`;

/** The dark theme alone, for elements that only pass a theme on (tl-provider). */
export const darkTheme = css`
  :host([theme='dark']) {
    ${dark}
  }

  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${dark}
    }
  }
`;

/** The design tokens, their light defaults and the dark theme. Shared by every component. */
export const tokens = css`
  :host {
    /* Stop the page's inherited text styles leaking in: only --tl-* properties cross the boundary. */
    all: initial;
    --_surface: var(--tl-color-surface, #ffffff);
    --_surface-raised: var(--tl-color-surface-raised, #f4f5f7);
    --_surface-hover: var(--tl-color-surface-hover, #eceef1);
    --_selected: var(--tl-color-selected, #e3ebfc);
    --_text: var(--tl-color-text, #1b1d21);
    --_text-muted: var(--tl-color-text-muted, #596068);
    --_border: var(--tl-color-border, #d5d9de);
    --_primary: var(--tl-color-primary, #1a56db);
    --_on-primary: var(--tl-color-on-primary, #ffffff);
    --_focus: var(--tl-color-focus, #1a56db);
    --_danger: var(--tl-color-danger, #b42318);
    --_danger-surface: var(--tl-color-danger-surface, #fdecea);
    --_warning: var(--tl-color-warning, #7a4a00);
    --_warning-surface: var(--tl-color-warning-surface, #fff4e0);
    --_success: var(--tl-color-success, #146c43);
    --_bubble-inbound: var(--tl-color-bubble-inbound, var(--_surface-raised));
    --_on-bubble-inbound: var(--tl-color-on-bubble-inbound, var(--_text));
    --_bubble-outbound: var(--tl-color-bubble-outbound, var(--_primary));
    --_on-bubble-outbound: var(--tl-color-on-bubble-outbound, var(--_on-primary));
    --_badge: var(--tl-color-badge, var(--_primary));
    --_on-badge: var(--tl-color-on-badge, var(--_on-primary));

    --_font: var(--tl-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_font-size: var(--tl-font-size, 0.9375rem);
    --_font-size-small: var(--tl-font-size-small, 0.8125rem);
    --_line-height: var(--tl-line-height, 1.4);
    --_radius: var(--tl-radius, 8px);
    --_radius-bubble: var(--tl-radius-bubble, 16px);

    /* Density scales every space: 1 is comfortable, 0.75 compact. */
    --_space: calc(var(--tl-space-unit, 4px) * var(--tl-density, 1));
    --_space-1: var(--tl-space-1, var(--_space));
    --_space-2: var(--tl-space-2, calc(var(--_space) * 2));
    --_space-3: var(--tl-space-3, calc(var(--_space) * 3));
    --_space-4: var(--tl-space-4, calc(var(--_space) * 4));

    display: block;
    box-sizing: border-box;
    color-scheme: light;
    font-family: var(--_font);
    font-size: var(--_font-size);
    line-height: var(--_line-height);
    color: var(--_text);
    background: var(--_surface);
    text-align: start;
  }

  :host([hidden]) {
    display: none;
  }

  ${darkTheme}

  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }

  :focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }

  button,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
  }

  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: var(--_space-1);
    min-height: 2.25em;
    padding: var(--_space-1) var(--_space-3);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    cursor: pointer;
  }

  .button:hover:not(:disabled) {
    background: var(--_surface-hover);
  }

  .button.primary {
    background: var(--_primary);
    border-color: var(--_primary);
    color: var(--_on-primary);
  }

  .button.primary:hover:not(:disabled) {
    background: var(--_primary);
    filter: brightness(1.08);
  }

  .button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }

  a {
    color: var(--_primary);
  }

  .link-button {
    padding: 0;
    border: 0;
    background: none;
    color: var(--_primary);
    text-decoration: underline;
    cursor: pointer;
  }

  .field {
    min-height: 2.25em;
    padding: var(--_space-1) var(--_space-2);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }

  .notice {
    padding: var(--_space-2) var(--_space-3);
    border-radius: var(--_radius);
    font-size: var(--_font-size-small);
  }

  .notice.error {
    background: var(--_danger-surface);
    color: var(--_danger);
  }

  .notice.warning {
    background: var(--_warning-surface);
    color: var(--_warning);
  }

  .state {
    padding: var(--_space-4);
    color: var(--_text-muted);
    text-align: center;
  }

  @media (prefers-reduced-motion: reduce) {
    * {
      scroll-behavior: auto !important;
      transition: none !important;
      animation: none !important;
    }
  }
`;
