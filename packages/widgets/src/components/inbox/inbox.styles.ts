import { css } from 'lit';
import { tokens } from '../../styles/tokens.ts';

/**
 * Styles of tl-inbox: two panes when wide, where Back only leaves a new message or the setup
 * panel; one pane at a time when narrow, with Back to the list.
 */
export const inboxStyles = [
  tokens,
  css`
    :host {
      container-type: inline-size;
      height: var(--tl-inbox-height, 100%);
      min-height: 20rem;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      overflow: hidden;
    }

    [part='layout'] {
      display: grid;
      grid-template-columns: var(--tl-inbox-list-width, minmax(16rem, 22rem)) 1fr;
      height: 100%;
      min-height: 0;
    }

    [part='list-pane'],
    [part='main-pane'] {
      display: flex;
      flex-direction: column;
      min-width: 0;
      min-height: 0;
    }

    [part='list-pane'] {
      border-inline-end: 1px solid var(--_border);
    }

    [part='toolbar'],
    [part='pane-header'] {
      display: flex;
      align-items: center;
      gap: var(--_space-2);
      min-height: 3.25rem;
      padding: var(--_space-2) var(--_space-3);
      border-bottom: 1px solid var(--_border);
    }

    [part='toolbar'] {
      justify-content: space-between;
    }

    h2 {
      margin: 0;
      font-size: 1.05em;
      font-weight: 600;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }

    .subtitle {
      color: var(--_text-muted);
      font-size: var(--_font-size-small);
    }

    .titles {
      display: flex;
      flex-direction: column;
      min-width: 0;
    }

    tl-thread-list,
    tl-timeline {
      flex: 1 1 auto;
      min-height: 0;
    }

    tl-composer {
      flex: none;
    }

    .placeholder {
      flex: 1;
      display: grid;
      place-items: center;
    }

    [part='setup-panel'] {
      padding: var(--_space-4);
    }

    @container (max-width: 44rem) {
      [part='layout'] {
        grid-template-columns: 1fr;
      }

      [part='list-pane'] {
        border-inline-end: 0;
      }

      .view-list [part='main-pane'],
      :not(.view-list) > [part='list-pane'] {
        display: none;
      }
    }

    @container (min-width: 44.0001rem) {
      .view-thread [part='back-button'] {
        display: none;
      }
    }
  `,
];
