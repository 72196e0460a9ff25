import type { Preview } from '@storybook/web-components-vite';
import { setCustomElementsManifest } from '@storybook/web-components-vite';
import { html } from 'lit';
import '@threadline/widgets';
import '@threadline/widgets/messaging-setup';
// Generated from the widgets' JSDoc by scripts/manifest.mjs (run before `storybook dev`/`build`):
// the docs pages' attribute, property, event, slot, part and custom-property tables come from it.
import manifest from '../generated/custom-elements.json';

setCustomElementsManifest(manifest);

const preview: Preview = {
  tags: ['autodocs'],
  parameters: {
    layout: 'fullscreen',
    controls: { expanded: true, sort: 'requiredFirst' },
    options: { storySort: { order: ['Introduction', 'Inbox', 'Thread list', 'Timeline', 'Composer', 'Messaging setup', 'Provider', 'Theming'] } },
  },
  globalTypes: {
    theme: {
      description: 'Light or dark theme (tl-provider theme="…")',
      toolbar: { title: 'Theme', icon: 'contrast', items: ['light', 'dark'], dynamicTitle: true },
    },
  },
  initialGlobals: { theme: 'light' },
  decorators: [
    (story, context) => {
      // A story may fix its own theme (the dark and white-label stories); otherwise the toolbar's.
      const theme = context.parameters.theme ?? context.globals.theme ?? 'light';
      document.body.style.background = theme === 'dark' ? '#0b0c0e' : '#f6f7f9';
      return html`<tl-provider theme=${theme}>${story()}</tl-provider>`;
    },
  ],
};

export default preview;
