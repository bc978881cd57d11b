// One flat config for the whole workspace. Module boundaries are enforced here:
// - apps never import other apps (the server's API types and run-status constants are the one exception);
// - packages never import apps or another package's internals;
// - the packages' main entries and the web app stay free of Node-only modules, which live
//   behind `/node` subpath entries (tRPC-style platform entries).
//
// Flat config merges blocks per rule by *replacing* options: when two blocks that both set
// `no-restricted-imports` match one file, only the later block's patterns apply. So every
// file group below is disjoint (each block's `ignores` removes the files a more specific group
// owns) and carries the complete set of patterns for its files. tools/src/lint tests this.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import svelte from 'eslint-plugin-svelte';
import svelteParser from 'svelte-eslint-parser';
import tseslint from 'typescript-eslint';

// Every Node built-in, with and without the `node:` prefix, including subpaths (`fs/promises`).
const nodeBuiltins = ['node:*', ...new Set(builtinModules.flatMap((m) => [m, `${m}/*`]))];

const restrictions = {
  nodeBuiltins: { group: nodeBuiltins, message: 'Node-only modules belong in a src/node/ entry, not in code the web app can import.' },
  nodeEntries: { group: ['@aelab/*/node', '@aelab/*/node/*'], message: 'Browser-safe code must not import a package\'s Node entry.' },
  packagesNoApps: {
    group: ['@aelab/cli', '@aelab/cli/*', '@aelab/server', '@aelab/server/*', '@aelab/web', '@aelab/web/*', '@aelab/*/src/*'],
    message: 'Packages never import apps or another package\'s internals.',
  },
  appsNoApps: { group: ['@aelab/cli', '@aelab/cli/*', '@aelab/web', '@aelab/web/*'], message: 'Apps do not import each other.' },
  serverEntries: { group: ['@aelab/server/*'], message: 'The web app reaches the server over HTTP; the server\'s subpath entries are Node-only.' },
  internals: { group: ['@aelab/*/src/*'], message: 'Import a package through its entries, not its internals.' },
};
// The server's main entry is browser-safe: its API types, plus the run-status vocabulary the web lists and filters by.
const serverTypeOnly = {
  name: '@aelab/server',
  message: 'From the server, apps import its API types (`import type`) and the run-status constants only.',
  allowTypeImports: true,
  allowImportNames: ['RUN_STATUSES', 'FINAL_STATUSES', 'isFinalStatus'],
};

const restrict = (patterns, paths = []) => ({
  '@typescript-eslint/no-restricted-imports': ['error', paths.length > 0 ? { patterns, paths } : { patterns }],
});

// Files in packages that may use Node: the `/node` entries, scripts and tests (which run under Node only).
const packageNodeOnly = ['packages/*/src/node/**/*.ts', 'packages/*/scripts/**/*.ts', 'packages/*/src/**/*.test.ts', 'packages/*/test/**/*.ts'];
const webSrc = ['apps/web/src/**/*.ts', 'apps/web/src/**/*.svelte'];

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/storybook-static/**', '**/.svelte-kit/**', '**/coverage/**', '**/bench-results/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // `<script lang="ts">` (and `.svelte.ts` runes modules) go through typescript-eslint's parser.
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parser: svelteParser,
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] },
      globals: { ...globals.browser },
    },
    rules: {
      // TypeScript checks names (svelte-check); ESLint's scope analysis does not know ambient types in markup.
      'no-undef': 'off',
      // It flags every mutable built-in in a .svelte.ts module, local temporaries included (a URL parsed once, a
      // seen-set in a loop); state that must be reactive is declared with $state and reviewed as such.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },

  // ---- Module boundaries: disjoint groups, complete patterns each. ----
  {
    // Browser-safe package code: everything under packages/*/src except the Node entries and tests.
    files: ['packages/*/src/**/*.ts'],
    ignores: packageNodeOnly,
    rules: restrict([restrictions.nodeBuiltins, restrictions.nodeEntries, restrictions.packagesNoApps]),
  },
  {
    files: packageNodeOnly,
    rules: restrict([restrictions.packagesNoApps]),
  },
  {
    // The web app runs in the browser (and in web workers): no Node at all.
    files: webSrc,
    rules: restrict(
      [restrictions.nodeBuiltins, restrictions.nodeEntries, restrictions.serverEntries, restrictions.appsNoApps, restrictions.internals],
      [serverTypeOnly],
    ),
  },
  {
    // The web app's Node-side files (e2e drivers, vite/storybook config) and the CLI.
    files: ['apps/web/**/*.ts', 'apps/cli/**/*.ts'],
    ignores: webSrc,
    rules: restrict([restrictions.appsNoApps, restrictions.internals], [serverTypeOnly]),
  },
  {
    files: ['apps/server/**/*.ts'],
    rules: restrict([restrictions.appsNoApps, restrictions.internals]),
  },
  {
    files: ['tools/**/*.ts'],
    rules: restrict([restrictions.internals]),
  },
);
