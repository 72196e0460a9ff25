import type { StorybookConfig } from '@storybook/web-components-vite';

/** Storybook for Threadline's widgets: runs on fixture data, so the static build needs no server. */
const config: StorybookConfig = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../*.mdx', '../*.stories.ts'],
  addons: ['@storybook/addon-docs'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // The simulator's sample clip (the only binary sample; everything else is drawn in the browser).
  staticDirs: [{ from: '../../packages/server/src/domain/media/samples', to: '/samples' }],
};

export default config;
