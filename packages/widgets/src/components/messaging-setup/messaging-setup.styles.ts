import { css } from 'lit';
import { tokens } from '../../styles/tokens.ts';

/** Styles of tl-messaging-setup. */
export const messagingSetupStyles = [
  tokens,
  css`
    :host {
      --_max-width: var(--tl-messaging-setup-max-width, 48rem);
      /* In a flex column (tl-inbox's pane) it takes the room left and scrolls itself. */
      flex: 1 1 auto;
      min-height: 0;
      overflow-y: auto;
    }

    [part='base'] {
      display: flex;
      flex-direction: column;
      gap: var(--_space-3);
      max-width: var(--_max-width);
      padding: var(--_space-4);
    }

    h2,
    h3,
    h4 {
      margin: 0;
      line-height: 1.25;
    }

    h2 {
      font-size: 1.25em;
    }

    h3 {
      font-size: 1.1em;
    }

    h4 {
      margin-top: var(--_space-2);
      font-size: 1em;
    }

    p {
      margin: 0;
    }

    .intro,
    .muted,
    .hint {
      color: var(--_text-muted);
    }

    .hint {
      font-size: var(--_font-size-small);
    }

    /* Stepper */
    [part='stepper'] {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-2);
      margin: 0;
      padding: 0;
      list-style: none;
    }

    /* A step is a .button (tokens), a bit taller and roomier. */
    .step {
      display: flex;
      gap: var(--_space-2);
      min-height: 2.75em;
    }

    [part~='step-current'] {
      border-color: var(--_primary);
      background: var(--_selected);
      font-weight: 600;
    }

    .step-number {
      display: inline-grid;
      place-items: center;
      width: 1.5em;
      height: 1.5em;
      border-radius: 50%;
      background: var(--_surface-raised);
      font-size: var(--_font-size-small);
    }

    [part~='step-current'] .step-number {
      background: var(--_primary);
      color: var(--_on-primary);
    }

    /* Badges */
    .badge {
      display: inline-block;
      padding: 0 var(--_space-2);
      border-radius: 999px;
      font-size: var(--_font-size-small);
      font-weight: 600;
      line-height: 1.6;
      white-space: nowrap;
      border: 1px solid currentColor;
    }

    .badge.success {
      color: var(--_success);
    }

    .badge.warning {
      color: var(--_warning);
      background: var(--_warning-surface);
    }

    .badge.danger {
      color: var(--_danger);
      background: var(--_danger-surface);
    }

    .badge.neutral {
      color: var(--_text-muted);
    }

    /* Panel */
    [part='panel'] {
      display: flex;
      flex-direction: column;
      gap: var(--_space-3);
    }

    #panel-title:focus {
      outline: none;
    }

    #panel-title:focus-visible {
      outline: 2px solid var(--_focus);
    }

    .status-row,
    .choice-row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_space-2);
    }

    .notice.info {
      background: var(--_surface-raised);
      color: var(--_text);
    }

    /* Forms */
    form {
      display: flex;
      flex-direction: column;
      gap: var(--_space-3);
    }

    fieldset {
      margin: 0;
      padding: var(--_space-3);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      min-width: 0;
    }

    legend {
      padding: 0 var(--_space-1);
      font-weight: 600;
    }

    .grid {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr));
      gap: var(--_space-3);
    }

    .field-row {
      display: flex;
      flex-direction: column;
      gap: var(--_space-1);
      min-width: 0;
    }

    .field-row.wide,
    .choice.wide {
      grid-column: 1 / -1;
    }

    .field-row label {
      font-size: var(--_font-size-small);
      font-weight: 600;
    }

    textarea.field {
      resize: vertical;
      line-height: var(--_line-height);
    }

    .field[aria-invalid='true'],
    input[aria-invalid='true'] {
      border-color: var(--_danger);
    }

    .message {
      color: var(--_danger);
      font-size: var(--_font-size-small);
    }

    .message:empty {
      display: none;
    }

    .choice {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_space-1) var(--_space-3);
      padding: 0;
      border: 0;
    }

    /* A question's legend reads like the other fields' labels. */
    .choice legend {
      float: left;
      width: 100%;
      margin-bottom: var(--_space-1);
      padding: 0;
      font-size: var(--_font-size-small);
    }

    .choice .message {
      flex-basis: 100%;
    }

    /* A question's answers sit in the row like its own children. */
    .options {
      display: contents;
    }

    .inline {
      display: inline-flex;
      align-items: center;
      gap: var(--_space-1);
      cursor: pointer;
    }

    .checkbox-grid {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr));
      gap: var(--_space-1) var(--_space-3);
      width: 100%;
    }

    .samples {
      display: flex;
      flex-direction: column;
      gap: var(--_space-3);
      margin-bottom: var(--_space-2);
    }

    .sample {
      display: flex;
      flex-direction: column;
      align-items: flex-start;
      gap: var(--_space-1);
    }

    .sample .field-row {
      align-self: stretch;
    }

    fieldset:disabled .field,
    fieldset:disabled input {
      /* Read-only forms stay legible: the values are what a viewer came to see. */
      color: var(--_text);
      opacity: 1;
      background: var(--_surface-raised);
    }

    [part='actions'] {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: flex-end;
      gap: var(--_space-2);
    }

    [part='actions'] .hint {
      flex-basis: 100%;
      text-align: end;
    }

    /* Numbers */
    [part='numbers'] {
      display: flex;
      flex-direction: column;
      gap: var(--_space-2);
      margin: 0;
      padding: 0;
      list-style: none;
    }

    .number {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_space-1) var(--_space-2);
    }

    .number-name,
    .number label {
      font-weight: 600;
    }

    .number-status {
      display: inline-flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_space-2);
    }

    .error-text {
      color: var(--_danger);
      font-size: var(--_font-size-small);
    }
  `,
];
