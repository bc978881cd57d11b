import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';
import { digitsPlugin } from './build/digits-plugin.js';

/**
 * Two projects under one `vitest run`: unit tests of the stores and helpers (Svelte compiled for the browser so
 * runes are reactive), and end-to-end tests that build the app, serve it on 127.0.0.1 and drive Chromium.
 */
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 180_000,
    projects: [
      {
        plugins: [svelte(), digitsPlugin()],
        // Stores are tested as the browser runs them: Svelte's client runtime, so runes are reactive.
        resolve: { conditions: ['source', 'browser', ...defaultClientConditions] },
        ssr: { resolve: { conditions: ['source', 'browser', ...defaultClientConditions], externalConditions: ['source'] } },
        test: { name: 'unit', include: ['src/**/*.test.ts'], environment: 'node', pool: 'forks' },
      },
      {
        resolve: { conditions: ['source', ...defaultClientConditions] },
        ssr: { resolve: { conditions: ['source', ...defaultServerConditions], externalConditions: ['source'] } },
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          environment: 'node',
          globalSetup: ['e2e/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
