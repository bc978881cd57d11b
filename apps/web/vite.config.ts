import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defaultClientConditions, defineConfig } from 'vite';

// Workspace packages are consumed from their TypeScript sources (the `source` export condition), so the app
// needs no package build; the worker bundle resolves the same way.
export default defineConfig({
  plugins: [svelte()],
  resolve: { conditions: ['source', ...defaultClientConditions] },
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  build: { target: 'es2022', chunkSizeWarningLimit: 1500 },
});
