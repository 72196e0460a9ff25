import { css } from 'lit';
import { darkTheme } from '../../styles/tokens.ts';

/** tl-provider adds no box of its own; it only passes the theme on to what it wraps. */
export const providerStyles = [
  css`
    :host {
      display: contents;
    }
  `,
  darkTheme,
];
