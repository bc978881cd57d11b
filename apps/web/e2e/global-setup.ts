import type { TestProject } from 'vitest/node';
import { chromiumPath } from './browser.js';
import { buildAndServe } from './server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string | null;
    /** The same build, for the aelab server to serve (null when the e2e tests skip). */
    webDir: string | null;
  }
}

/** One production build for all end-to-end files: Vite's preview serves it to the playground tests, the aelab server to the runs tests. */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  if (!chromiumPath()) {
    // CI installs Chromium; there a missing browser is a failure, elsewhere the e2e files skip.
    if (process.env.CI) throw new Error('Chromium not found at /usr/bin/chromium (CHROMIUM_PATH overrides); .ci/run installs it');
    console.warn('[e2e] Chromium not found: end-to-end tests skip (apt-get install chromium)');
    project.provide('baseUrl', null);
    project.provide('webDir', null);
    return;
  }
  const app = await buildAndServe();
  project.provide('baseUrl', app.url);
  project.provide('webDir', app.outDir);
  return () => app.close();
}
