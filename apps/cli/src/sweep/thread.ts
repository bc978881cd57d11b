// Entry of a local sweep's pool thread: trains one run at a time with core's runTraining, off the CLI's main thread.
import { parentPort } from 'node:worker_threads';
import { epochMetrics, resultMetrics } from '@aelab/core';
import { runTraining } from '@aelab/core/node';
import type { FromThread, PoolOutcome, PoolTask, ToThread } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('thread.ts must run in a worker thread');

let controller: AbortController | null = null;
const send = (msg: FromThread): void => port.postMessage(msg);

function errorInfo(err: unknown): { code: string; message: string } {
  const code = (err as { code?: unknown } | null)?.code;
  return { code: typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code) ? code : 'TRAINING_FAILED', message: err instanceof Error ? err.message : String(err) };
}

async function train(task: PoolTask): Promise<PoolOutcome> {
  const started = performance.now();
  const seconds = (): number => (performance.now() - started) / 1000;
  controller = new AbortController();
  let epochs = task.config.training.epochs;
  let last: Record<string, number> = {};
  try {
    const result = await runTraining(task.config, {
      runDir: task.runDir,
      signal: controller.signal,
      ...(task.threads !== undefined ? { threads: task.threads } : {}),
      ...(task.resume ? { resume: true } : {}),
      onEvent: (e) => {
        if (e.type === 'start') epochs = e.epochs;
        if (e.type !== 'epoch') return;
        last = epochMetrics(e);
        send({ type: 'progress', key: task.key, progress: { epoch: e.epoch, epochs, loss: e.loss } });
      },
    });
    if (controller.signal.aborted || result.status === 'interrupted') return { status: 'interrupted', metrics: last, seconds: seconds() };
    return { status: 'succeeded', metrics: { ...last, ...resultMetrics(result) }, seconds: seconds() };
  } catch (err) {
    if (controller.signal.aborted) return { status: 'interrupted', metrics: last, seconds: seconds() };
    return { status: 'failed', metrics: last, seconds: seconds(), error: errorInfo(err) };
  } finally {
    controller = null;
  }
}

port.on('message', (msg: ToThread) => {
  if (msg.type === 'stop') controller?.abort();
  else void train(msg.task).then((outcome) => send({ type: 'done', key: msg.task.key, outcome }));
});
