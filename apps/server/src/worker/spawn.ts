import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { trainingNice } from './priority.js';

/**
 * Starts a training worker thread. From the sources (tests, `pnpm aelab serve`) the worker is TypeScript: a worker
 * does not inherit tsx's loader hooks in Node 20, so a tiny ESM bootstrap registers tsx inside the thread first,
 * and `--conditions=source` makes workspace packages resolve to their sources as they do on the main thread.
 */
export function spawnTrainingWorker(nice = trainingNice()): Worker {
  // The thread lowers its own priority first thing (see priority.ts).
  const workerData = { nice };
  const entry = new URL(`./worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData });
  const tsxApi = resolveTsxApi();
  const bootstrap = `import { register } from ${JSON.stringify(tsxApi)}; register(); await import(${JSON.stringify(entry.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), { execArgv: ['--conditions=source'], workerData });
}

function resolveTsxApi(): string {
  try {
    return import.meta.resolve('tsx/esm/api');
  } catch {
    return pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href;
  }
}
