import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { TlInbox, TlStringOverrides } from '@threadline/widgets';
import { SHOWCASE } from './fixtures/index.ts';
import { frame, withFixture } from './support/story-fixture.ts';

const meta: Meta = {
  title: 'Theming',
  component: 'tl-inbox',
  parameters: {
    docs: {
      description: {
        component:
          'Theming is public API: `--tl-*` custom properties (colours, font, radii, density), `::part()` for anything else, and every user-visible string through `strings`. Nothing in the UI names Threadline.',
      },
      story: { inline: false, height: '640px' },
    },
  },
};
export default meta;

const open = (threadId: string) => async ({ canvasElement }: { canvasElement: HTMLElement }) => {
  const inbox = canvasElement.querySelector<TlInbox>('tl-inbox')!;
  await inbox.updateComplete;
  inbox.openThread(threadId);
};

/** The built-in dark theme (`theme="dark"`; `auto` follows the operating system). */
export const Dark: StoryObj = {
  parameters: { theme: 'dark' },
  render: () => withFixture({}, ({ client }) => frame('1100px', '640px', html`<tl-inbox .client=${client} theme="dark"></tl-inbox>`)),
  play: open(SHOWCASE.mms),
};

/** An agency's brand: "Patients" instead of "Conversations", its colours, font, square corners and compact density. */
const whiteLabelStrings: TlStringOverrides = {
  inboxLabel: 'Patient messages',
  threadListLabel: 'Patients',
  newMessage: 'Text a patient',
  newMessageLabel: 'Text a patient',
  searchPlaceholder: 'Find a patient',
  searchLabel: 'Find a patient',
  send: 'Send text',
  messagePlaceholder: 'Write to the patient…',
  threadsEmpty: 'No patient messages yet',
  statusDelivered: 'Received by patient',
  callMissed: 'Missed call: call back',
  unreadBadge: '{count} new',
};

export const WhiteLabel: StoryObj = {
  render: () =>
    withFixture({}, ({ client }) =>
      frame(
        '1100px',
        '640px',
        html`<style>
            .brightsmile {
              --tl-color-primary: #0f766e;
              --tl-color-focus: #0f766e;
              --tl-color-selected: #ccfbf1;
              --tl-color-badge: #e11d48;
              --tl-color-surface-raised: #f0fdfa;
              --tl-font-family: Georgia, 'Times New Roman', serif;
              --tl-radius: 2px;
              --tl-radius-bubble: 4px;
              --tl-density: 0.8;
            }
            .brightsmile::part(toolbar) {
              border-bottom: 3px solid #0f766e;
            }
          </style>
          <tl-inbox class="brightsmile" .client=${client} .strings=${whiteLabelStrings}></tl-inbox>`,
      ),
    ),
  play: open(SHOWCASE.statuses),
};

/** A larger, comfortable density with rounder shapes, for a touch-first host. */
export const Comfortable: StoryObj = {
  render: () =>
    withFixture({}, ({ client }) =>
      frame('1100px', '640px', html`<tl-inbox .client=${client} style="--tl-density:1.25;--tl-radius:14px;--tl-radius-bubble:22px;--tl-font-size:1.0625rem"></tl-inbox>`),
    ),
  play: open(SHOWCASE.calls),
};
