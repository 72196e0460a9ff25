import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { TlThreadList } from '@threadline/widgets';
import { NUMBERS } from './fixtures/index.ts';
import { frame, withFixture } from './support/story-fixture.ts';

interface Args {
  pageSize: number;
  hideFilters: boolean;
}

const list = (args: Args, client: unknown) =>
  html`<tl-thread-list .client=${client} page-size=${args.pageSize} ?hide-filters=${args.hideFilters} style="height:100%"></tl-thread-list>`;

const meta: Meta<Args> = {
  title: 'Thread list',
  component: 'tl-thread-list',
  args: { pageSize: 30, hideFilters: false },
  argTypes: {
    pageSize: { control: { type: 'number', min: 1, max: 100 }, description: 'Threads per page (attribute `page-size`)' },
    hideFilters: { control: 'boolean', description: 'Hide search and filters (attribute `hide-filters`)' },
  },
  parameters: { docs: { story: { inline: false, height: '560px' } } },
  render: (args) => withFixture({}, ({ client }) => frame('420px', '560px', list(args, client))),
};
export default meta;

type Story = StoryObj<Args>;

/** Newest activity first, with the tracking number each contact reached, previews and unread badges. */
export const Default: Story = {};

/** A sidebar without search and filters. */
export const WithoutFilters: Story = { args: { hideFilters: true } };

/** Filtered to one tracking number, as a user picks it from the filter. */
export const FilteredByTrackingNumber: Story = {
  play: async ({ canvasElement }) => {
    const element = canvasElement.querySelector<TlThreadList>('tl-thread-list')!;
    await element.updateComplete;
    element.controller.setFilters({ trackingNumberId: NUMBERS.toronto });
  },
};

/** A search that matches nothing: the list says so and offers to clear the filters. */
export const NoMatches: Story = {
  play: async ({ canvasElement }) => {
    const element = canvasElement.querySelector<TlThreadList>('tl-thread-list')!;
    await element.updateComplete;
    element.controller.setFilters({ q: 'zzzz nobody' });
  },
};

/** 10,000 conversations in a virtualized list: scroll, and pages load as the end comes near. */
export const TenThousandThreads: Story = {
  render: (args) => withFixture({ threads: 10_000, latencyMs: 150 }, ({ client }) => frame('420px', '560px', list(args, client))),
};

/** Texts and calls arrive every two seconds; their threads move to the top, unread. */
export const LiveUpdates: Story = {
  render: (args) => withFixture({ live: 2000 }, ({ client }) => frame('420px', '560px', list(args, client))),
};

/** Waiting for the first page. */
export const Loading: Story = {
  render: (args) => withFixture({ hang: /^\/v1\/threads$/ }, ({ client }) => frame('420px', '560px', list(args, client))),
};

/** No conversations yet. */
export const Empty: Story = {
  render: (args) => withFixture({ threads: 0, showcase: false }, ({ client }) => frame('420px', '560px', list(args, client))),
};

/** The server failed: a message and "Try again". */
export const ServerError: Story = {
  render: (args) =>
    withFixture({ failures: [{ path: /^\/v1\/threads$/, status: 500, code: 'internal', message: 'Something went wrong on our side; it has been logged.' }] }, ({ client }) =>
      frame('420px', '560px', list(args, client)),
    ),
};

/** A wide list, as a full-page view. */
export const Wide: Story = {
  render: (args) => withFixture({}, ({ client }) => frame('900px', '560px', list(args, client))),
};
