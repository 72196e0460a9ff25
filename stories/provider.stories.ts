import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { TlThreadSelectEvent } from '@threadline/widgets';
import { frame, withFixture } from './support/story-fixture.ts';

const meta: Meta = {
  title: 'Provider',
  component: 'tl-provider',
  parameters: {
    docs: {
      description: {
        component:
          'Compose the pieces yourself: one `tl-provider` shares one client (one live connection), strings, locale and theme with every widget inside it. Here a host page wires the list to the timeline and the composer with one event listener.',
      },
      story: { inline: false, height: '620px' },
    },
  },
};
export default meta;

/** A list, a timeline and a composer placed by the host page, sharing one client. */
export const ComposedByTheHost: StoryObj = {
  render: () =>
    withFixture({ live: 4000 }, ({ client }) => {
      const open = (event: TlThreadSelectEvent) => {
        const root = (event.currentTarget as HTMLElement).closest('tl-provider')!;
        root.querySelector('tl-timeline')!.threadId = event.threadId;
        root.querySelector('tl-composer')!.threadId = event.threadId;
      };
      return frame(
        '1000px',
        '600px',
        html`<tl-provider .client=${client}>
          <div style="display:grid;grid-template-columns:340px 1fr;gap:12px;height:100%">
            <tl-thread-list @tl-thread-select=${open} style="height:100%"></tl-thread-list>
            <div style="display:grid;grid-template-rows:1fr auto;gap:8px;min-height:0">
              <tl-timeline style="min-height:0"></tl-timeline>
              <tl-composer></tl-composer>
            </div>
          </div>
        </tl-provider>`,
      );
    }),
};
