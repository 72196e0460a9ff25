import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { TlInbox } from '@threadline/widgets';
import { SHOWCASE } from './fixtures/index.ts';
import { frame, withFixture } from './support/story-fixture.ts';

/** Opens a thread once the inbox is on the page, as a user's click would. */
const openThread = (threadId: string) => async ({ canvasElement }: { canvasElement: HTMLElement }) => {
  const inbox = canvasElement.querySelector<TlInbox>('tl-inbox')!;
  await inbox.updateComplete;
  inbox.openThread(threadId);
};

const meta: Meta = {
  title: 'Inbox',
  component: 'tl-inbox',
  parameters: {
    docs: {
      description: {
        component:
          'Everything in one tag. These stories run on fixture data behind the SDK (a fake `fetch` and event stream), so they need no server: a real `createClient` talks to it, exactly as it would to Threadline.',
      },
      story: { inline: false, height: '640px' },
    },
  },
};
export default meta;

type Story = StoryObj;

/** A business with a few dozen conversations: texts, MMS and calls over 90 days. */
export const Default: Story = {
  render: () => withFixture({}, ({ client }) => frame('1100px', '640px', html`<tl-inbox .client=${client}></tl-inbox>`)),
};

/** A conversation open: delivery statuses, including the carrier's reason for each failure. */
export const ThreadOpen: Story = {
  render: () => withFixture({}, ({ client }) => frame('1100px', '640px', html`<tl-inbox .client=${client}></tl-inbox>`)),
  play: openThread(SHOWCASE.statuses),
};

/** New texts and calls arrive every few seconds: threads jump to the top with an unread badge. */
export const LiveUpdates: Story = {
  render: () => withFixture({ live: 2500 }, ({ client }) => frame('1100px', '640px', html`<tl-inbox .client=${client}></tl-inbox>`)),
};

/** 5,000 conversations: the list is virtualized and pages in as it scrolls. */
export const ThousandsOfThreads: Story = {
  render: () => withFixture({ threads: 5000 }, ({ client }) => frame('1100px', '640px', html`<tl-inbox .client=${client}></tl-inbox>`)),
};

/** A phone-sized host: one pane at a time, with back navigation. */
export const Narrow: Story = {
  render: () => withFixture({}, ({ client }) => frame('360px', '640px', html`<tl-inbox .client=${client}></tl-inbox>`)),
  play: openThread(SHOWCASE.mms),
};

/** A viewer reads everything but cannot send: the composer says so before Send. */
export const ViewerRole: Story = {
  render: () => withFixture({ role: 'viewer' }, ({ client }) => frame('1100px', '640px', html`<tl-inbox .client=${client}></tl-inbox>`)),
  play: openThread(SHOWCASE.newPatient),
};

/** The balance is below the cost of a text: the composer shows cost, balance and "Add funds". */
export const BalanceTooLow: Story = {
  render: () => withFixture({ balance: 0 }, ({ client }) => frame('1100px', '640px', html`<tl-inbox .client=${client}></tl-inbox>`)),
  play: openThread(SHOWCASE.newPatient),
};

/** A business with no conversations yet. */
export const Empty: Story = {
  render: () => withFixture({ threads: 0, showcase: false }, ({ client }) => frame('1100px', '640px', html`<tl-inbox .client=${client}></tl-inbox>`)),
};

/** Waiting for the server (the requests never answer here). */
export const Loading: Story = {
  render: () => withFixture({ hang: /^\/v1\/(threads|numbers|call-flows|billing)/ }, ({ client }) => frame('1100px', '640px', html`<tl-inbox .client=${client}></tl-inbox>`)),
};

/** The server answers with an error: the list says so and offers to try again. */
export const ServerError: Story = {
  render: () =>
    withFixture({ failures: [{ path: /^\/v1\/threads$/, status: 503, message: 'Threadline is temporarily unavailable.' }] }, ({ client }) =>
      frame('1100px', '640px', html`<tl-inbox .client=${client}></tl-inbox>`),
    ),
};

/** The network is down (every request fails before reaching a server). */
export const Offline: Story = {
  render: () => withFixture({ failures: [{ path: /./, status: 0 }] }, ({ client }) => frame('1100px', '640px', html`<tl-inbox .client=${client}></tl-inbox>`)),
};
