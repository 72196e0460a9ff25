import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { TlComposer } from '@threadline/widgets';
import { draftKey, writeDraft } from '@threadline/widgets/headless';
import { NUMBERS, readinessIn, SHOWCASE, type FixtureOptions } from './fixtures/index.ts';
import { frame, withFixture } from './support/story-fixture.ts';

interface Args {
  threadId: string | undefined;
  from: string | undefined;
  to: string | undefined;
  body: string;
}

/** Types the story's body into the composer, as a user would, so the meter and quote show. */
const typeBody = async ({ canvasElement, args }: { canvasElement: HTMLElement; args: Args }) => {
  const composer = canvasElement.querySelector<TlComposer>('tl-composer')!;
  await composer.updateComplete;
  if (args.body) composer.controller.setBody(args.body);
};

const composer = (args: Args, client: unknown) =>
  html`<tl-composer .client=${client} thread-id=${args.threadId ?? ''} from=${args.from ?? ''} to=${args.to ?? ''}></tl-composer>`;

const story = (fixture: FixtureOptions = {}) => ({ render: (args: Args) => withFixture(fixture, ({ client }) => frame('560px', 'auto', composer(args, client))) });

const meta: Meta<Args> = {
  title: 'Composer',
  component: 'tl-composer',
  args: { threadId: SHOWCASE.newPatient, from: undefined, to: undefined, body: 'Hi! We have an opening tomorrow at 10:30 AM. Does that work?' },
  argTypes: {
    threadId: { control: 'text', description: 'Reply in this thread (attribute `thread-id`); empty writes a new message' },
    from: { control: 'select', options: [undefined, ...Object.values(NUMBERS)], description: 'Tracking number to send from (attribute `from`)' },
    to: { control: 'text', description: 'Recipient in any usual format (attribute `to`)' },
    body: { control: 'text', description: 'Text typed into the composer (story only)' },
  },
  parameters: { layout: 'padded' },
  ...story(),
  play: typeBody,
};
export default meta;

type Story = StoryObj<Args>;

/** A reply from a ready number: characters, segments, encoding and cost, before Send. */
export const Ready: Story = {};

/** An emoji forces UCS-2: 70 characters per segment, and the composer names the character. */
export const UnicodeSegments: Story = {
  args: { body: 'Your crown is ready! 😁 Pick-up any time this week, we are open until 6 PM. See you soon, and thanks for choosing us.' },
};

/** A new message: pick the From number, type a recipient; it is checked and shown in E.164. */
export const NewMessage: Story = { args: { threadId: undefined, from: NUMBERS.tampa, to: '(813) 555-0199', body: '' } };

/** 10DLC missing: US carriers need a brand, a campaign and the number assigned. */
export const TenDlcMissing: Story = { args: { threadId: undefined, from: NUMBERS.tampa, to: '+18135550199' }, ...story({ brand: 'missing' }) };

/** The campaign is still under review. */
export const CampaignPending: Story = {
  args: { threadId: undefined, from: NUMBERS.billboard, to: '+18135550199' },
  ...story({ adjust: (world) => (world.numbers.find((n) => n.id === NUMBERS.billboard)!.readiness = readinessIn('campaign_pending')) }),
};

/** An approved campaign, but this number is not assigned to it yet. */
export const NumberUnassigned: Story = { args: { threadId: undefined, from: NUMBERS.billboard, to: '+18135550199' } };

/** Toll-free verification pending: sending is allowed, with a warning. */
export const TollFreePending: Story = { args: { threadId: undefined, from: NUMBERS.tollFree, to: '+18135550199' } };

/** Toll-free verification rejected: the reason, and how to fix it. */
export const TollFreeRejected: Story = {
  args: { threadId: undefined, from: NUMBERS.tollFree, to: '+18135550199' },
  ...story({ adjust: (world) => (world.numbers.find((n) => n.id === NUMBERS.tollFree)!.readiness = readinessIn('toll_free_rejected')) }),
};

/** A voice-only number cannot text at all. */
export const NotSmsCapable: Story = { args: { threadId: undefined, from: NUMBERS.fax, to: '+18135550199' } };

/** The contact replied STOP. */
export const OptedOut: Story = { args: { threadId: SHOWCASE.optedOut } };

/** The balance is below the send cost. */
export const BalanceTooLow: Story = { ...story({ balance: 0 }) };

/** A viewer may read but not send. */
export const ViewerRole: Story = { ...story({ role: 'viewer' }) };

/** A send the carrier then rejects: the timeline beside it shows the failure and its reason. */
export const DeliveryFails: Story = {
  render: (args) =>
    withFixture({ deliveryFailure: '30007', stepMs: 600 }, ({ client }) =>
      frame('560px', '560px', html`<div style="display:grid;grid-template-rows:1fr auto;height:100%;gap:8px">
        <tl-timeline .client=${client} thread-id=${args.threadId ?? ''}></tl-timeline>${composer(args, client)}
      </div>`),
    ),
  play: async (context) => {
    await typeBody(context);
    await context.canvasElement.querySelector<TlComposer>('tl-composer')!.controller.send();
  },
};

/**
 * Form-associated: inside a host's `<form>` the composer submits its body under `name`, takes its
 * name from `<label for>`, and reports validity (here `required`: empty is invalid) in its own words.
 * A disabled `<fieldset>` disables it; Reset empties it and forgets its draft.
 */
export const InAForm: Story = {
  args: { body: '' },
  render: (args) =>
    withFixture({}, ({ client }) => {
      const show = (form: HTMLFormElement, text: string) => (form.querySelector('output')!.textContent = text);
      const onSubmit = (event: SubmitEvent) => {
        event.preventDefault();
        const form = event.target as HTMLFormElement;
        show(form, `Submitted body: ${JSON.stringify(new FormData(form).get('body'))}`);
      };
      const onInvalid = (event: Event) => {
        const composer = event.target as TlComposer;
        if (composer.form) show(composer.form, `Invalid: ${composer.validationMessage}`);
      };
      return frame(
        '560px',
        'auto',
        html`<form @submit=${onSubmit} @invalid=${onInvalid} @reset=${(event: Event) => show(event.target as HTMLFormElement, '')} style="display:grid;gap:8px;font:14px system-ui">
          <fieldset style="display:grid;gap:8px">
            <legend>Follow-up</legend>
            <label for="story-composer">Note to the patient</label>
            <tl-composer id="story-composer" name="body" required .client=${client} thread-id=${args.threadId ?? ''}></tl-composer>
          </fieldset>
          <div style="display:flex;gap:8px"><button type="submit">Save</button><button type="reset">Reset</button></div>
          <output aria-live="polite"></output>
        </form>`,
      );
    }),
};

/** A draft the user left in this thread (in another thread, or before the composer was re-created) comes back. */
export const RestoredDraft: Story = {
  args: { body: '' },
  render: (args) =>
    withFixture(
      {
        setup: ({ client }) => {
          writeDraft(client, draftKey(args.threadId), { body: 'Yes, we can see you Thursday at 9:15 for the chipped tooth. Does that', to: args.to ?? '', from: undefined });
        },
      },
      ({ client }) => frame('560px', 'auto', composer(args, client)),
    ),
};
