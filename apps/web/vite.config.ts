import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defaultClientConditions, defineConfig } from 'vite';
import { digitsPlugin } from './build/digits-plugin.js';

/**
 * The page trains with @aelab/core's lite trainer and never calls TensorFlow.js, which the package's main entry
 * also exports. Treating tfjs's modules as side-effect free lets the unused engine drop out of the bundles (about
 * 1 MB each for the page and the worker otherwise). The WebGL and CPU backends keep their registration side
 * effects: they are reached only through the engine, which only the Apply page's dynamic import pulls in.
 */
function withoutTfjsSideEffects(id: string): boolean {
  return !/[\\/]@tensorflow[\\/](?!tfjs-backend-(cpu|webgl)[\\/])/.test(id);
}

function apiProxy(target: string) {
  return { '/trpc': { target }, '/artifacts': { target } };
}

// Workspace packages are consumed from their TypeScript sources (the `source` export condition), so the app
// needs no package build; the worker bundle resolves the same way.
export default defineConfig({
  // digitsPlugin: the digits lab's MNIST digits, read from the `mnist` package when the app is built.
  plugins: [svelte(), digitsPlugin()],
  resolve: { conditions: ['source', ...defaultClientConditions] },
  worker: { format: 'es', rollupOptions: { treeshake: { moduleSideEffects: withoutTfjsSideEffects } } },
  // `pnpm dev` next to `aelab serve`: the runs pages call /trpc and /artifacts on their own origin, and the dev
  // server passes those on to the run service (AELAB_SERVER, or the default port).
  server: { host: '127.0.0.1', proxy: apiProxy(process.env.AELAB_SERVER || 'http://127.0.0.1:7070') },
  preview: { host: '127.0.0.1' },
  build: {
    target: 'es2022',
    // Storybook's bundle carries the shared fixtures (and with them TensorFlow.js); the app's chunks are small.
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      treeshake: { moduleSideEffects: withoutTfjsSideEffects },
      onwarn(warning, warn) {
        // zod 4 ships comments Rollup cannot place; harmless, and noisy in every build.
        if (warning.code === 'INVALID_ANNOTATION') return;
        warn(warning);
      },
    },
  },
});
