import { css } from 'lit';
import { tokens } from '../../styles/tokens.ts';

/** Styles of tl-thread-list. The virtualizer makes the list the scroller; its height comes from the flex layout. */
export const threadListStyles = [
  tokens,
  css`
    :host {
      display: flex;
      flex-direction: column;
      min-height: 0;
      height: 100%;
    }

    [part='header'] {
      display: flex;
      flex-direction: column;
      gap: var(--_space-2);
      padding: var(--_space-3);
      border-bottom: 1px solid var(--_border);
    }

    [part='search-input'] {
      width: 100%;
    }

    summary,
    .filter-grid label,
    [part='avatar'],
    [part='time'],
    [part='tracking-number'],
    [part='preview'],
    [part='footer'] {
      color: var(--_text-muted);
      font-size: var(--_font-size-small);
    }

    summary {
      cursor: pointer;
    }

    .filter-grid {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr));
      gap: var(--_space-2);
      margin-top: var(--_space-2);
    }

    .filter-grid label {
      display: flex;
      flex-direction: column;
      gap: var(--_space-1);
    }

    .filter-grid .field {
      color: var(--_text);
    }

    [part='clear-filters'] {
      align-self: start;
      font-size: var(--_font-size-small);
    }

    [part='list'] {
      flex: 1 1 auto;
      min-height: 0;
      overflow: auto;
      outline-offset: -2px;
    }

    [part~='item'] {
      display: flex;
      gap: var(--_space-3);
      width: 100%;
      padding: var(--tl-thread-list-row-padding, var(--_space-3) var(--_space-4));
      border-bottom: 1px solid var(--_border);
      cursor: pointer;
      background: var(--_surface);
    }

    [part~='item']:hover {
      background: var(--_surface-hover);
    }

    .active {
      outline: 2px solid var(--_focus);
      outline-offset: -2px;
    }

    [part~='item'][aria-selected='true'] {
      background: var(--_selected);
    }

    [part='avatar'] {
      flex: none;
      display: grid;
      place-items: center;
      width: 2.5em;
      height: 2.5em;
      border-radius: 50%;
      background: var(--_surface-raised);
      font-weight: 600;
    }

    .main {
      flex: 1;
      min-width: 0;
      display: flex;
      flex-direction: column;
      gap: 2px;
    }

    .line {
      display: flex;
      align-items: baseline;
      gap: var(--_space-2);
      min-width: 0;
    }

    [part='name'],
    [part='preview'],
    [part='tracking-number'] {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      min-width: 0;
    }

    [part='name'],
    [part='preview'] {
      flex: 1;
    }

    [part='name'] {
      font-weight: 500;
    }

    [part~='item-unread'] :is([part='name'], [part='preview']) {
      font-weight: 700;
      color: var(--_text);
    }

    [part='time'],
    [part='unread-badge'] {
      flex: none;
    }

    [part='unread-badge'] {
      min-width: 1.5em;
      padding: 0 var(--_space-1);
      border-radius: 999px;
      background: var(--_badge);
      color: var(--_on-badge);
      font-size: var(--_font-size-small);
      font-weight: 700;
      text-align: center;
    }

    [part='footer'] {
      padding: var(--_space-2) var(--_space-4);
    }

    [part='footer']:empty {
      display: none;
    }

    .error-row {
      display: flex;
      flex-direction: column;
      align-items: center;
      gap: var(--_space-2);
    }
  `,
];
