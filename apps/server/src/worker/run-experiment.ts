import type { ExperimentEvent } from '@aelab/core';
import { getExperiment, runExperimentInDir } from '@aelab/core/node';
import type { RunOutcome, RunTask } from './protocol.js';

/** Progress events are for live views only; a few per second is all a table or a bar can show. */
const PROGRESS_EVENT_INTERVAL_MS = 250;

type ExperimentTask = Extract<RunTask, { kind: 'experiment' }>;

/**
 * Runs an experiment in its run directory (resuming the jobs an earlier attempt finished) and forwards its events.
 * The signal's reason decides the end: `'cancel'` → cancelled, anything else → interrupted.
 */
export async function runExperimentTask(
  task: ExperimentTask,
  signal: AbortSignal,
  send: (event: ExperimentEvent) => void,
  errorInfo: (err: unknown) => { code: string; message: string },
): Promise<RunOutcome> {
  let lastProgress = 0;
  try {
    const outcome = await runExperimentInDir({
      experiment: getExperiment(task.experiment),
      options: task.options,
      outDir: task.runDir,
      command: task.command,
      signal,
      onEvent: (event) => {
        if (event.type === 'job-progress') {
          const t = Date.now();
          if (t - lastProgress < PROGRESS_EVENT_INTERVAL_MS) return;
          lastProgress = t;
        }
        send(toPlain(event));
      },
    });
    switch (outcome.status) {
      case 'succeeded':
        return { status: 'succeeded', result: toPlain(outcome.report?.results ?? null) };
      case 'failed':
        return { status: 'failed', error: outcome.error ?? { code: 'EXPERIMENT_FAILED', message: 'the experiment failed' } };
      case 'cancelled':
      case 'interrupted':
        return { status: outcome.status };
      default:
        return { status: 'failed', error: { code: 'INTERNAL', message: `experiment ended as ${outcome.status}` } };
    }
  } catch (err) {
    if (signal.aborted) return { status: signal.reason === 'cancel' ? 'cancelled' : 'interrupted' };
    return { status: 'failed', error: errorInfo(err) };
  }
}

/** Only JSON crosses into the registry: typed arrays become arrays, functions and tensors are dropped. */
export function toPlain<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (_k, v: unknown) => (ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as unknown as ArrayLike<number>) : v)) ??
      'null',
  ) as T;
}
