import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

/**
 * Workspace packages export their TypeScript sources under the `source` condition, so tests,
 * the CLI (through tsx) and the web app run without a build step; published consumers get `dist`.
 */
export function sharedConfig(overrides: ViteUserConfig = {}): ViteUserConfig {
  return defineConfig({
    resolve: { conditions: ['source', ...defaultClientConditions] },
    ssr: { resolve: { conditions: ['source', ...defaultServerConditions], externalConditions: ['source'] } },
    ...overrides,
    test: {
      testTimeout: 60_000,
      hookTimeout: 60_000,
      pool: 'forks',
      ...overrides.test,
    },
  });
}
