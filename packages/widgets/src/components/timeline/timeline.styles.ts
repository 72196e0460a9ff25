import { css } from 'lit';
import { tokens } from '../../styles/tokens.ts';

/**
 * Styles of tl-timeline. The log's `overflow-anchor` is off: the timeline keeps the position
 * itself when older items load above.
 */
export const timelineStyles = [
  tokens,
  css`
    :host {
      display: flex;
      flex-direction: column;
      min-height: 0;
      height: 100%;
    }

    [part='log'] {
      flex: 1 1 auto;
      min-height: 0;
      overflow-y: auto;
      display: flex;
      flex-direction: column;
      gap: var(--_space-2);
      padding: var(--_space-4);
      overflow-anchor: none;
      outline-offset: -2px;
    }

    [part='day-separator'] {
      align-self: center;
      margin: var(--_space-3) 0 var(--_space-1);
      padding: 2px var(--_space-3);
      border-radius: 999px;
      background: var(--_surface-raised);
    }

    [part='day-separator'],
    [part='meta'] {
      color: var(--_text-muted);
    }

    [part='day-separator'],
    [part='meta'],
    [part~='call'],
    .send-error {
      font-size: var(--_font-size-small);
    }

    .message {
      display: flex;
      flex-direction: column;
      max-width: var(--tl-timeline-bubble-max-width, 75%);
      gap: 2px;
      align-self: flex-start;
      align-items: flex-start;
    }

    .outbound {
      align-self: flex-end;
      align-items: flex-end;
    }

    [part='bubble'] {
      display: flex;
      flex-direction: column;
      gap: var(--_space-2);
      padding: var(--_space-2) var(--_space-3);
      border-radius: var(--_radius-bubble);
      border-bottom-left-radius: 4px;
      overflow-wrap: anywhere;
      background: var(--_bubble-inbound);
      color: var(--_on-bubble-inbound);
    }

    .outbound [part='bubble'] {
      border-radius: var(--_radius-bubble) var(--_radius-bubble) 4px;
      background: var(--_bubble-outbound);
      color: var(--_on-bubble-outbound);
    }

    .pending [part='bubble'] {
      opacity: 0.75;
    }

    [part='body'] {
      margin: 0;
      white-space: pre-wrap;
    }

    [part='meta'] {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-1) var(--_space-2);
    }

    .send-error {
      display: flex;
      gap: var(--_space-2);
      align-items: center;
    }

    [part~='status-failed'],
    .send-error,
    :is([part~='call-missed'], [part~='call-failed'], [part~='call-busy'], [part~='call-no-answer']) .call-title {
      color: var(--_danger);
    }

    [part~='status-failed'],
    .call-title {
      font-weight: 600;
    }

    [part~='status-delivered'] {
      color: var(--_success);
    }

    [part~='call'] {
      align-self: center;
      display: flex;
      flex-direction: column;
      align-items: center;
      gap: var(--_space-1);
      min-width: min(20rem, 100%);
      padding: var(--_space-2) var(--_space-3);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      text-align: center;
    }

    [part='recording'] {
      width: min(18rem, 100%);
    }

    [part='image-button'] {
      padding: 0;
      border: 0;
      background: none;
      cursor: zoom-in;
      border-radius: calc(var(--_radius-bubble) - 6px);
      overflow: hidden;
    }

    [part='image'] {
      display: block;
      max-height: 16rem;
      object-fit: cover;
    }

    [part='image'],
    [part='video'],
    [part='audio'] {
      max-width: 100%;
    }

    [part='attachment'],
    [part='lightbox'] {
      border-radius: var(--_radius);
      background: var(--_surface);
      color: var(--_text);
    }

    [part='attachment'] {
      display: inline-flex;
      align-items: center;
      gap: var(--_space-1);
      padding: var(--_space-1) var(--_space-2);
      text-decoration: none;
      border: 1px solid var(--_border);
    }

    [part='attachment'] .icon {
      flex: none;
    }

    [part='lightbox'] {
      max-width: 90vw;
      max-height: 90vh;
      padding: var(--_space-2);
      border: 0;
    }

    [part='lightbox']::backdrop {
      background: rgb(0 0 0 / 0.7);
    }

    [part='lightbox'] img {
      display: block;
      max-width: calc(90vw - 2rem);
      max-height: calc(90vh - 5rem);
    }

    .lightbox-bar {
      display: flex;
      justify-content: space-between;
      align-items: center;
      gap: var(--_space-2);
      margin-bottom: var(--_space-2);
    }
  `,
];
