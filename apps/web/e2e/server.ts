import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview, type PreviewServer } from 'vite';

const appRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

export interface ServedApp {
  url: string;
  /** The production build (the runs tests serve it from the aelab server too). */
  outDir: string;
  close(): Promise<void>;
}

/**
 * Builds the app into a temporary folder and serves it with Vite's preview server on 127.0.0.1 at a port the OS
 * picks, so tests never collide with a dev server or each other.
 */
export async function buildAndServe(): Promise<ServedApp> {
  const outDir = mkdtempSync(join(tmpdir(), 'aelab-web-e2e-'));
  await build({ root: appRoot, logLevel: 'error', build: { outDir, emptyOutDir: true } });
  const server: PreviewServer = await preview({
    root: appRoot,
    logLevel: 'error',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('the preview server has no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    outDir,
    async close() {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
