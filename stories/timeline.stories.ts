import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { NUMBERS, SHOWCASE } from './fixtures/index.ts';
import { frame, withFixture } from './support/story-fixture.ts';

interface Args {
  threadId: string;
  noMarkRead: boolean;
}

const timeline = (args: Args, client: unknown) =>
  html`<tl-timeline .client=${client} thread-id=${args.threadId} ?no-mark-read=${args.noMarkRead} style="height:100%"></tl-timeline>`;

const meta: Meta<Args> = {
  title: 'Timeline',
  component: 'tl-timeline',
  args: { threadId: SHOWCASE.statuses, noMarkRead: false },
  argTypes: {
    threadId: { control: 'select', options: Object.values(SHOWCASE), description: 'The thread to show (attribute `thread-id`)' },
    noMarkRead: { control: 'boolean', description: 'Do not mark the thread read on open (attribute `no-mark-read`)' },
  },
  parameters: { docs: { story: { inline: false, height: '600px' } } },
  render: (args) => withFixture({}, ({ client }) => frame('640px', '600px', timeline(args, client))),
};
export default meta;

type Story = StoryObj<Args>;

/** Every delivery status: queued, sending, sent, delivered, and the two failures with the carrier's reason. */
export const DeliveryStatuses: Story = {};

/** Every call outcome: answered with and without a recording, missed, voicemail, busy, no answer, failed, canceled, outgoing. */
export const CallOutcomes: Story = { args: { threadId: SHOWCASE.calls } };

/** Every MMS kind: photos (one and several), audio, video, PDF and a contact card. */
export const MmsKinds: Story = { args: { threadId: SHOWCASE.mms } };

/** 120 items over months: scroll up and older activity loads. */
export const LongHistory: Story = { args: { threadId: SHOWCASE.long } };

/** A contact who replied STOP. */
export const OptedOutContact: Story = { args: { threadId: SHOWCASE.optedOut } };

/** Markup in names and bodies shows as the text it is, never as HTML. */
export const MarkupShownAsText: Story = { args: { threadId: SHOWCASE.plainText } };

/** The contact texts and calls while the thread is open; a status change updates its bubble in place. */
export const LiveUpdates: Story = {
  args: { threadId: SHOWCASE.newPatient },
  render: (args) =>
    withFixture(
      {
        setup: ({ server }) => {
          const replies = ['Also, do you take Aetna?', 'And is there parking?', 'Thanks!'];
          let index = 0;
          const timer = setInterval(() => {
            if (index === 1) server.inboundCall({ from: '+18135550142', to: NUMBERS.tampa, status: 'voicemail', seconds: 17 });
            else server.inboundText({ from: '+18135550142', to: NUMBERS.tampa, body: replies[index % replies.length]! });
            index++;
          }, 2500);
          return () => clearInterval(timer);
        },
      },
      ({ client }) => frame('640px', '600px', timeline(args, client)),
    ),
};

/** Waiting for the thread's first page. */
export const Loading: Story = {
  render: (args) => withFixture({ hang: /\/timeline$/ }, ({ client }) => frame('640px', '600px', timeline(args, client))),
};

/** The thread could not be loaded. */
export const ServerError: Story = {
  render: (args) => withFixture({ failures: [{ path: /\/timeline$/, status: 503 }] }, ({ client }) => frame('640px', '600px', timeline(args, client))),
};

/** A thread with no activity yet. */
export const Empty: Story = {
  render: (args) =>
    withFixture({ adjust: (world) => world.timelines.set(SHOWCASE.statuses, []) }, ({ client }) => frame('640px', '600px', timeline(args, client))),
};

/** No thread chosen. */
export const NoThread: Story = {
  render: () => withFixture({}, ({ client }) => frame('640px', '600px', html`<tl-timeline .client=${client} style="height:100%"></tl-timeline>`)),
};

/** A narrow column (a phone, or a CRM's side panel). */
export const Narrow: Story = {
  args: { threadId: SHOWCASE.mms },
  render: (args) => withFixture({}, ({ client }) => frame('340px', '600px', timeline(args, client))),
};
