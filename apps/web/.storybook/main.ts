import type { StorybookConfig } from '@storybook/svelte-vite';

// Storybook reuses vite.config.ts (Svelte plugin, the `source` condition for workspace packages).
const config: StorybookConfig = {
  stories: ['../src/**/*.stories.ts'],
  framework: { name: '@storybook/svelte-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  viteFinal: (config) => ({
    ...config,
    // The stories bundle the shared fixtures, and with them TensorFlow.js: a large chunk by design.
    build: {
      ...config.build,
      chunkSizeWarningLimit: 4000,
      rollupOptions: {
        ...config.build?.rollupOptions,
        onwarn(warning, warn) {
          // zod 4 ships comments Rollup cannot place: harmless noise.
          if (warning.code === 'INVALID_ANNOTATION') return;
          warn(warning);
        },
      },
    },
  }),
};

export default config;
