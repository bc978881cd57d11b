// Entry of a training worker thread: trains one run at a time, never on the server's request thread.
import { parentPort, workerData } from 'node:worker_threads';
import type { TrainEvent as CoreTrainEvent } from '@aelab/core';
import type { TrainEvent } from '../train-event.js';
import { listBackends, runTraining } from '@aelab/core/node';
import type { BackendProbe, FromWorker, RunOutcome, RunTask, StopReason, ToWorker } from './protocol.js';
import { forTransfer } from '../event-json.js';
import { lowerThreadPriority } from './priority.js';
import { runExperimentTask, toPlain } from './run-experiment.js';

/** Step events are for live progress only; more than a few per second just load the registry and the wire. */
const STEP_EVENT_INTERVAL_MS = 200;

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');
// Before any run: training (and the threads it starts) yields the CPU to the server's request thread when both want it.
lowerThreadPriority((workerData as { nice?: number } | null)?.nice ?? 0);

interface Current {
  runId: string;
  kind: RunTask['kind'];
  controller: AbortController;
  reason?: StopReason;
}

let current: Current | undefined;

const send = (msg: FromWorker): void => port.postMessage(msg);

function errorInfo(err: unknown): { code: string; message: string } {
  const code = (err as { code?: unknown } | null)?.code;
  return {
    code: typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code) ? code : 'TRAINING_FAILED',
    message: err instanceof Error ? err.message : String(err),
  };
}

async function start(msg: Extract<ToWorker, { type: 'start' }>): Promise<void> {
  const controller = new AbortController();
  const run: Current = { runId: msg.runId, kind: msg.task.kind, controller };
  current = run;
  const task = msg.task;
  const outcome =
    task.kind === 'experiment'
      ? await runExperimentTask(task, controller.signal, (event) => send({ type: 'experiment-event', runId: msg.runId, event }), errorInfo)
      : await train(msg.runId, task, run);
  current = undefined;
  send({ type: 'done', runId: msg.runId, outcome });
}

async function train(runId: string, task: Extract<RunTask, { kind: 'training' }>, run: Current): Promise<RunOutcome> {
  const { controller } = run;
  const msg = { runId, ...task };
  let lastStep = 0;
  const onEvent = (event: CoreTrainEvent): void => {
    if (event.type === 'step') {
      const t = Date.now();
      if (t - lastStep < STEP_EVENT_INTERVAL_MS) return;
      lastStep = t;
    }
    const plain = toPlain(event) as unknown as TrainEvent;
    // A snapshot can be megabytes: serialised here, never on the server's request thread.
    send(event.type === 'snapshot' ? { type: 'event', runId: msg.runId, ...forTransfer(plain) } : { type: 'event', runId: msg.runId, event: plain });
  };
  let outcome: RunOutcome;
  try {
    const result = await runTraining(msg.config, {
      runDir: msg.runDir,
      signal: controller.signal,
      onEvent,
      onLog: (message) => send({ type: 'log', runId: msg.runId, message }),
      resume: msg.resume,
      ...(msg.dataDir ? { dataDir: msg.dataDir } : {}),
      // A server never fetches data on a caller's behalf; `aelab datasets fetch` fills the data dir or cache.
      download: false,
    });
    // The config is stored already, and the absolute run dir is the server's business.
    const { runDir: _dir, config: _config, ...rest } = result;
    outcome = controller.signal.aborted || result.status === 'interrupted' ? stoppedOutcome(run.reason) : { status: 'succeeded', result: toPlain(rest) };
  } catch (err) {
    outcome = controller.signal.aborted ? stoppedOutcome(run.reason) : { status: 'failed', error: errorInfo(err) };
  }
  return outcome;
}

function stoppedOutcome(reason: StopReason | undefined): RunOutcome {
  return { status: reason === 'shutdown' ? 'interrupted' : 'cancelled' };
}

async function probe(): Promise<BackendProbe> {
  try {
    const report = await listBackends();
    return {
      backends: report.backends.map((b) => ({ name: b.backend, available: b.available, ...((b.reason ?? b.detail) ? { note: b.reason ?? b.detail } : {}) })),
      auto: report.auto.backend,
    };
  } catch (err) {
    return { backends: [], auto: null, ...{ note: (err as Error).message } };
  }
}

port.on('message', (msg: ToWorker) => {
  switch (msg.type) {
    case 'start':
      void start(msg);
      break;
    case 'stop':
      if (current?.runId === msg.runId) {
        current.reason = msg.reason;
        // The experiment runner reads the reason itself ('cancel' → cancelled, else interrupted).
        current.controller.abort(current.kind === 'experiment' ? msg.reason : new Error(msg.reason === 'shutdown' ? 'server shutting down' : 'cancelled'));
      }
      break;
    case 'probe':
      void probe().then((report) => send({ type: 'probe', report }));
      break;
  }
});
