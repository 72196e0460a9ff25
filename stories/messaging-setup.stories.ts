import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { TlMessagingSetup } from '@threadline/widgets';
import { NUMBERS, readinessIn, type FixtureOptions, type FixtureWorld } from './fixtures/index.ts';
import { frame, withFixture } from './support/story-fixture.ts';

interface Args {
  step: 'brand' | 'campaign' | 'assign' | 'toll-free' | undefined;
  trackingNumberId: string | undefined;
}

const setup = (args: Args, client: unknown) =>
  html`<tl-messaging-setup .client=${client} step=${args.step ?? ''} tracking-number-id=${args.trackingNumberId ?? ''}></tl-messaging-setup>`;

const story = (fixture: FixtureOptions = {}) => ({
  render: (args: Args) => withFixture({ reviewMs: 2500, ...fixture }, ({ client }) => frame('820px', 'auto', setup(args, client))),
});

/** Changes the world's toll-free number's registration (and so its readiness). */
const tollFree = (status: 'not_submitted' | 'rejected', reason: string | null) => (world: FixtureWorld) => {
  const number = world.setup.numbers.find((candidate) => candidate.id === NUMBERS.tollFree)!;
  number.registration = { kind: 'toll-free', status, reason, editable: true, form: number.registration.kind === 'toll-free' ? number.registration.form : null };
  number.readiness = readinessIn(status === 'rejected' ? 'toll_free_rejected' : 'toll_free_not_submitted');
};

const meta: Meta<Args> = {
  title: 'Messaging setup',
  component: 'tl-messaging-setup',
  args: { step: undefined, trackingNumberId: undefined },
  argTypes: {
    step: { control: 'select', options: [undefined, 'brand', 'campaign', 'assign', 'toll-free'], description: 'The step to open (attribute `step`)' },
    trackingNumberId: { control: 'select', options: [undefined, ...Object.values(NUMBERS)], description: 'The number the user came from (attribute `tracking-number-id`)' },
  },
  parameters: { layout: 'padded', docs: { story: { inline: false, height: '720px' } } },
  ...story(),
};
export default meta;

type Story = StoryObj<Args>;

/** A business mid-way: brand verified, campaign approved, one number still to assign (opens there). */
export const FirstUnfinishedStep: Story = {};

/** Coming from the composer's "Finish 10DLC registration" for Billboard I-4: it is preselected. */
export const AssignFromComposer: Story = { args: { step: 'assign', trackingNumberId: NUMBERS.billboard } };

/** Assign, then watch the carrier's review move the number from pending to assigned. */
export const AssignAndWatchTheReview: Story = {
  args: { step: 'assign', trackingNumberId: NUMBERS.billboard },
  play: async ({ canvasElement }) => {
    const element = canvasElement.querySelector<TlMessagingSetup>('tl-messaging-setup')!;
    await element.updateComplete;
    for (let attempt = 0; attempt < 50; attempt++) {
      const button = element.shadowRoot?.querySelector<HTMLButtonElement>('[part="assign-button"]');
      if (button && !button.disabled) {
        button.click();
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  },
};

/** A new business: step 1, the brand form, empty. */
export const NewBusiness: Story = { ...story({ brand: 'missing' }) };

/** The brand is being verified. */
export const BrandPending: Story = { ...story({ brand: 'pending' }) };

/** Brand verification failed: the reason, and the form open to fix and resubmit. */
export const BrandFailed: Story = { ...story({ brand: 'failed' }) };

/** Step 2 with no campaign yet. */
export const CampaignToWrite: Story = {
  args: { step: 'campaign' },
  ...story({
    adjust: (world) => {
      world.setup.campaigns = [];
      for (const number of world.setup.numbers) if (number.registration.kind === 'ten-dlc') number.registration = { kind: 'ten-dlc', campaignId: null, status: 'unassigned', error: null };
    },
  }),
};

/** The campaign was rejected: the carrier's reason and the fix-and-resubmit path. */
export const CampaignRejected: Story = {
  args: { step: 'campaign' },
  ...story({
    adjust: (world) => {
      const [campaign] = world.setup.campaigns;
      Object.assign(campaign!, { status: 'rejected', editable: true, rejectionReason: 'Sample messages do not say how to opt out (add "Reply STOP to opt out").' });
    },
  }),
};

/** Toll-free verification pending review (the number may send, with a warning). */
export const TollFreePending: Story = { args: { step: 'toll-free', trackingNumberId: NUMBERS.tollFree } };

/** Toll-free verification not submitted yet: the form. */
export const TollFreeNotSubmitted: Story = { args: { step: 'toll-free', trackingNumberId: NUMBERS.tollFree }, ...story({ adjust: tollFree('not_submitted', null) }) };

/** Toll-free verification rejected, with the reason. */
export const TollFreeRejected: Story = {
  args: { step: 'toll-free', trackingNumberId: NUMBERS.tollFree },
  ...story({ adjust: tollFree('rejected', 'The opt-in screenshot does not show consent language.') }),
};

/** A viewer sees every step, read-only. */
export const ViewerReadOnly: Story = { ...story({ role: 'viewer', brand: 'failed' }) };

/** A manager too reads without changing anything (only owners and admins may). */
export const ManagerReadOnly: Story = { args: { step: 'assign' }, ...story({ role: 'manager' }) };

/** A narrow host (a CRM side panel). */
export const Narrow: Story = { render: (args) => withFixture({}, ({ client }) => frame('360px', 'auto', setup(args, client))) };
