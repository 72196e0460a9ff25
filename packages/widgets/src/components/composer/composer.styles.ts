import { css } from 'lit';
import { tokens } from '../../styles/tokens.ts';

/** Styles of tl-composer. */
export const composerStyles = [
  tokens,
  css`
    :host {
      border-top: 1px solid var(--_border);
    }

    form {
      display: flex;
      flex-direction: column;
      gap: var(--_space-2);
      padding: var(--_space-3);
    }

    .row {
      display: grid;
      grid-template-columns: 3.5rem 1fr;
      align-items: center;
      gap: var(--_space-2);
    }

    .row label {
      color: var(--_text-muted);
      font-size: var(--_font-size-small);
    }

    .hint {
      grid-column: 2;
      font-size: var(--_font-size-small);
      color: var(--_text-muted);
    }

    .hint.invalid {
      color: var(--_danger);
    }

    [part='from-select'],
    [part='to-input'] {
      width: 100%;
      min-width: 0;
    }

    [part='not-ready'] {
      font-size: var(--_font-size-small);
    }

    [part='not-ready'] summary {
      cursor: pointer;
      color: var(--_text-muted);
    }

    [part='not-ready'] ul {
      margin: var(--_space-2) 0 0;
      padding: 0;
      list-style: none;
      display: flex;
      flex-direction: column;
      gap: var(--_space-2);
    }

    [part='not-ready'] li {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: var(--_space-1) var(--_space-2);
    }

    .number-name {
      font-weight: 600;
    }

    [part~='notice'] {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_space-2);
    }

    [part~='notice'] .button {
      min-height: 1.75em;
      padding: 0 var(--_space-2);
      font-size: var(--_font-size-small);
    }

    [part='attachments'] {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-2);
      margin: 0;
      padding: 0;
      list-style: none;
    }

    [part='attachment'] {
      display: flex;
      align-items: center;
      gap: var(--_space-2);
      max-width: 16rem;
      padding: var(--_space-1) var(--_space-2);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      font-size: var(--_font-size-small);
    }

    .icon {
      flex: none;
      display: block;
    }

    .file-icon {
      display: inline-flex;
      flex: none;
      color: var(--_text-muted);
    }

    [part='attachment'] img {
      width: 2.5rem;
      height: 2.5rem;
      object-fit: cover;
      border-radius: 4px;
    }

    .attachment-text {
      display: flex;
      flex-direction: column;
      min-width: 0;
    }

    .attachment-name {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }

    .attachment-error {
      color: var(--_danger);
    }

    [part='attachment'] progress {
      width: 100%;
      height: 4px;
    }

    .remove {
      flex: none;
      width: 1.75em;
      height: 1.75em;
      padding: 0;
      border: 0;
      border-radius: 50%;
      background: var(--_surface-raised);
      cursor: pointer;
    }

    .input-row {
      display: flex;
      align-items: flex-end;
      gap: var(--_space-2);
    }

    [part='textarea'] {
      flex: 1;
      min-width: 0;
      min-height: 2.5em;
      max-height: 12em;
      resize: none;
      field-sizing: content;
      padding: var(--_space-2) var(--_space-3);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
      line-height: var(--_line-height);
    }

    [part='attach-button'] {
      width: 2.5em;
      padding: 0;
    }

    [part='meter'] {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-1) var(--_space-3);
      color: var(--_text-muted);
      font-size: var(--_font-size-small);
    }

    .unicode mark {
      background: var(--_warning-surface);
      color: var(--_warning);
      border-radius: 3px;
      padding: 0 2px;
    }
  `,
];
