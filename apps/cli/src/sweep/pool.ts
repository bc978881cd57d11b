import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FromThread, PoolOutcome, PoolProgress, PoolTask, ToThread } from './protocol.js';

export interface PoolHandlers {
  onStart?(task: PoolTask): void;
  onProgress?(task: PoolTask, progress: PoolProgress): void;
  onDone?(task: PoolTask, outcome: PoolOutcome): void;
}

/**
 * Trains `tasks` on `concurrency` worker threads, each a run at a time (a thread keeps TensorFlow.js loaded between
 * runs; each run gets its own backend state, which runs sharing one thread's tfjs could not). Aborting `signal`
 * stops the running runs after their current step (with a checkpoint) and starts no more; those and the ones never
 * started come back `interrupted`. Resolves with every task's outcome.
 */
export async function runPool(tasks: readonly PoolTask[], concurrency: number, handlers: PoolHandlers, signal?: AbortSignal): Promise<Map<string, PoolOutcome>> {
  const outcomes = new Map<string, PoolOutcome>();
  if (tasks.length === 0) return outcomes;
  const queue = [...tasks];
  const threads = Array.from({ length: Math.max(1, Math.min(concurrency, tasks.length)) }, () => spawnThread());
  const stopAll = (): void => threads.forEach((t) => t.postMessage({ type: 'stop' } satisfies ToThread));
  signal?.addEventListener('abort', stopAll, { once: true });
  try {
    await Promise.all(
      threads.map(async (thread) => {
        for (let task = queue.shift(); task && !signal?.aborted; task = queue.shift()) {
          handlers.onStart?.(task);
          const { outcome, crashed } = await runOn(thread, task, handlers);
          outcomes.set(task.key, outcome);
          handlers.onDone?.(task, outcome);
          // A thread that died takes no more runs; the others go on with the queue.
          if (crashed) return;
        }
      }),
    );
  } finally {
    signal?.removeEventListener('abort', stopAll);
    await Promise.all(threads.map((t) => t.terminate()));
  }
  for (const task of tasks) if (!outcomes.has(task.key)) outcomes.set(task.key, { status: 'interrupted', metrics: {}, seconds: 0 });
  return outcomes;
}

function runOn(thread: Worker, task: PoolTask, handlers: PoolHandlers): Promise<{ outcome: PoolOutcome; crashed: boolean }> {
  return new Promise((resolve) => {
    const onMessage = (msg: FromThread): void => {
      if (msg.key !== task.key) return;
      if (msg.type === 'progress') return handlers.onProgress?.(task, msg.progress);
      done(msg.outcome, false);
    };
    const crash = (message: string): void => done({ status: 'failed', metrics: {}, seconds: 0, error: { code: 'WORKER_CRASHED', message } }, true);
    const onError = (err: Error): void => crash(err.message);
    const onExit = (code: number): void => crash(`the training thread exited (code ${code})`);
    const done = (outcome: PoolOutcome, crashed: boolean): void => {
      thread.off('message', onMessage);
      thread.off('error', onError);
      thread.off('exit', onExit);
      resolve({ outcome, crashed });
    };
    thread.on('message', onMessage);
    thread.on('error', onError);
    thread.on('exit', onExit);
    thread.postMessage({ type: 'start', task } satisfies ToThread);
  });
}

/**
 * A pool thread. From the sources (`pnpm aelab`, tests) its entry is TypeScript: a worker does not inherit tsx's
 * loader hooks in Node 20, so a tiny ESM bootstrap registers tsx inside the thread first, and `--conditions=source`
 * makes workspace packages resolve to their sources as on the main thread (the server's pool does the same).
 */
function spawnThread(): Worker {
  const entry = new URL(`./thread${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry);
  let tsxApi: string;
  try {
    tsxApi = import.meta.resolve('tsx/esm/api');
  } catch {
    tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href;
  }
  const bootstrap = `import { register } from ${JSON.stringify(tsxApi)}; register(); await import(${JSON.stringify(entry.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), { execArgv: ['--conditions=source'] });
}
