// One flat config for the whole workspace. Module boundaries are enforced here:
// - apps never import other apps (the server's router *type* is the one exception);
// - the packages' main entries and the web app stay free of Node-only modules, which live
//   behind `/node` subpath entries (tRPC-style platform entries).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'worker_threads', 'http', 'https', 'zlib', 'crypto', 'url', 'stream', 'net', 'util'];

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/storybook-static/**', '**/.svelte-kit/**', '**/coverage/**', '**/bench-results/**', '**/*.svelte'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // Browser-safe code: package main entries (everything outside src/node) and the web app.
    files: ['packages/*/src/**/*.ts', 'apps/web/src/**/*.ts'],
    ignores: ['packages/*/src/node/**', 'packages/*/src/**/*.test.ts', 'packages/*/src/**/*.node.ts', 'packages/*/src/fixtures/node/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'Node-only modules belong in a src/node/ entry, not in code the web app can import.' },
            { group: ['@aelab/*/node', '@aelab/*/node/*'], message: 'Browser-safe code must not import a package\'s Node entry.' },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/cli/**/*.ts', 'apps/web/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@aelab/cli', '@aelab/cli/*', '@aelab/web', '@aelab/web/*'], message: 'Apps do not import each other.' },
          ],
          paths: [
            { name: '@aelab/server', message: 'Only `import type { AppRouter }` from the server is allowed.', allowTypeImports: true },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/server/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@aelab/cli', '@aelab/cli/*', '@aelab/web', '@aelab/web/*'], message: 'Apps do not import each other.' }] },
      ],
    },
  },
  {
    files: ['packages/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@aelab/cli', '@aelab/server', '@aelab/web', '@aelab/*/src/*'], message: 'Packages never import apps or another package\'s internals.' }] },
      ],
    },
  },
);
