import { LiteTrainer, type EpochRecord, type LiteDataset, type LiteTrainerOptions } from '@aelab/core';
import { gatherRows } from '../data/dataset.js';
import type { FromEngine, InitMessage, LiveSettings, SessionStatus, Snapshot, ToEngine } from './protocol.js';

/** Settings that belong to the page, not the network: they may arrive before any network exists. */
const PAGE_ONLY: ReadonlySet<keyof LiveSettings> = new Set(['maxStepsPerSecond', 'stopOnConvergence']);

function limitsOf(o: LiteTrainerOptions): { maxEpochs?: number; maxSteps?: number; convergenceEpsilon?: number } {
  return { maxEpochs: o.maxEpochs, maxSteps: o.maxSteps, convergenceEpsilon: o.convergenceEpsilon };
}

/** How long one burst of training runs before the engine looks at its messages again. */
const SLICE_MS = 12;
/** Steps between clock reads inside a slice. */
const STEPS_PER_CHECK = 16;

/**
 * The training side of the playground, independent of how messages travel: the Web Worker wraps it, tests drive
 * it directly. Training runs in slices; between slices it answers messages, and it sends a snapshot only when the
 * page has asked for one (`frame`), so drawing never queues behind training.
 */
export class TrainingEngine {
  private trainer: LiteTrainer | null = null;
  private init: InitMessage | null = null;
  private all: LiteDataset | null = null;
  private showcase: LiteDataset | null = null;
  private status: SessionStatus = 'idle';
  private frameWanted = false;
  private dirty = false;
  private historySent = 0;
  private lastEpoch: EpochRecord | undefined;
  private rate = { steps: 0, since: 0, value: 0 };
  /** Speed limit (steps per second) and the steps it currently allows. */
  private maxRate: number | null = null;
  private allowance = 0;
  private lastTick = 0;
  /** Off: the convergence epsilon is ignored, so training runs until max epochs or a pause. */
  private stopOnConvergence = true;

  constructor(
    private readonly post: (message: FromEngine, transfer?: Transferable[]) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get running(): boolean {
    return this.status === 'running';
  }

  /** How long the driver should wait before the next slice: none at full speed, a frame when throttled. */
  get delayMs(): number {
    return this.maxRate === null ? 0 : 16;
  }

  handle(message: ToEngine): void {
    try {
      this.dispatch(message);
    } catch (err) {
      const code = typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : 'ENGINE';
      this.post({ type: 'error', code, message: err instanceof Error ? err.message : String(err) });
      if (this.status === 'running') this.status = 'paused';
      this.dirty = true;
    }
    this.flush();
  }

  /** Trains for about `budgetMs`; returns the number of updates made. */
  runSlice(budgetMs = SLICE_MS): number {
    const t = this.trainer;
    if (!t || this.status !== 'running') return 0;
    const start = this.now();
    let done = 0;
    if (this.maxRate !== null) {
      // At most a twentieth of a second's worth at once, so a slow speed stays smooth after a stall.
      this.allowance = Math.min(this.maxRate / 20 + 1, this.allowance + ((start - this.lastTick) * this.maxRate) / 1000);
      this.lastTick = start;
      const n = Math.floor(this.allowance);
      if (n > 0) done = t.run(n);
      this.allowance -= done;
    } else {
      do {
        done += t.run(STEPS_PER_CHECK);
        if (t.stopped) break;
      } while (this.now() - start < budgetMs);
    }
    this.countRate(done);
    if (t.stopped) this.status = 'stopped';
    this.dirty = true;
    this.flush();
    return done;
  }

  private dispatch(message: ToEngine): void {
    switch (message.type) {
      case 'init':
        this.initialise(message);
        return;
      case 'start': {
        const t = this.need();
        if (t.stopped) return;
        this.status = 'running';
        this.rate = { steps: 0, since: this.now(), value: this.rate.value };
        this.lastTick = this.now();
        this.allowance = 1;
        this.dirty = true;
        return;
      }
      case 'pause':
        if (this.status === 'running') this.status = 'paused';
        this.rate.value = 0;
        this.dirty = true;
        return;
      case 'step': {
        const t = this.need();
        if (this.status === 'running') this.status = 'paused';
        t.run(Math.max(1, Math.trunc(message.count)));
        if (t.stopped) this.status = 'stopped';
        else if (this.status === 'idle') this.status = 'paused';
        this.dirty = true;
        return;
      }
      case 'update':
        this.applySettings(message.settings);
        return;
      case 'frame':
        this.frameWanted = true;
        return;
      case 'exportWeights':
        this.post({ type: 'weights', requestId: message.requestId, weights: this.trainer ? this.trainer.exportWeights() : null });
        return;
      case 'importWeights':
        this.need().importWeights(message.weights);
        this.dirty = true;
        return;
    }
  }

  private initialise(message: InitMessage): void {
    const all: LiteDataset = { x: message.x, count: message.x.length / message.dim, dim: message.dim };
    const train: LiteDataset = { x: gatherRows(message.x, message.dim, message.train), count: message.train.length, dim: message.dim };
    const validation: LiteDataset | null =
      message.validation.length > 0 ? { x: gatherRows(message.x, message.dim, message.validation), count: message.validation.length, dim: message.dim } : null;
    const trainer = new LiteTrainer(message.options, train, validation);
    if (message.weights) trainer.importWeights(message.weights);
    if (message.resume) {
      // The counters and curve of an imported run go on from where it was exported, not from zero.
      trainer.steps = message.resume.steps;
      trainer.epoch = message.resume.epoch;
      trainer.history.push(...message.resume.history);
    }
    if (!this.stopOnConvergence) trainer.setLimits({ ...limitsOf(message.options), convergenceEpsilon: undefined });
    this.trainer = trainer;
    this.init = message;
    this.all = all;
    this.showcase = { x: gatherRows(message.x, message.dim, message.showcase), count: message.showcase.length, dim: message.dim };
    this.status = 'idle';
    this.historySent = 0;
    this.lastEpoch = undefined;
    this.rate = { steps: 0, since: this.now(), value: 0 };
    this.dirty = true;
  }

  private applySettings(s: LiveSettings): void {
    if (s.maxStepsPerSecond !== undefined) {
      this.maxRate = s.maxStepsPerSecond !== null && s.maxStepsPerSecond > 0 ? s.maxStepsPerSecond : null;
      this.lastTick = this.now();
      this.allowance = Math.min(this.allowance, 1);
      this.rate = { steps: 0, since: this.now(), value: 0 };
    }
    if (s.stopOnConvergence !== undefined) this.stopOnConvergence = s.stopOnConvergence;
    if (!this.trainer && Object.keys(s).every((k) => PAGE_ONLY.has(k as keyof LiveSettings))) return;
    const t = this.need();
    if (s.learningRate !== undefined) t.setLearningRate(s.learningRate);
    if (s.optimizer !== undefined) t.setOptimizer(s.optimizer);
    if (s.batchSize !== undefined) t.setBatchSize(s.batchSize);
    if (s.maxEpochs !== undefined || s.convergenceEpsilon !== undefined || s.stopOnConvergence !== undefined) {
      const o = this.init!.options;
      const maxEpochs = s.maxEpochs ?? o.maxEpochs;
      const convergenceEpsilon = s.convergenceEpsilon ?? o.convergenceEpsilon;
      this.init = { ...this.init!, options: { ...o, maxEpochs, convergenceEpsilon } };
      const wasStopped = t.stopped;
      // The config keeps its epsilon; switching the stop off only withholds it from the trainer.
      t.setLimits({ maxEpochs, maxSteps: o.maxSteps, convergenceEpsilon: this.stopOnConvergence ? convergenceEpsilon : undefined });
      if (wasStopped && !t.stopped) this.status = 'paused';
      if (t.stopped) this.status = 'stopped';
    }
    this.dirty = true;
  }

  private need(): LiteTrainer {
    if (!this.trainer) throw Object.assign(new Error('the network is not set up yet'), { code: 'NOT_READY' });
    return this.trainer;
  }

  private countRate(done: number): void {
    this.rate.steps += done;
    const now = this.now();
    const span = now - this.rate.since;
    // A half-second window: steady enough to read, quick enough to follow a change of batch size.
    if (span >= 500) this.rate = { steps: 0, since: now, value: (this.rate.steps * 1000) / span };
    else if (this.rate.value === 0 && span > 0) this.rate.value = (this.rate.steps * 1000) / span;
  }

  private flush(): void {
    if (!this.frameWanted || !this.dirty || !this.trainer) return;
    this.frameWanted = false;
    this.dirty = false;
    const snapshot = this.snapshot();
    this.post({ type: 'snapshot', snapshot }, [snapshot.codes.buffer, snapshot.params.buffer, snapshot.reconstructions.buffer] as Transferable[]);
  }

  /** The current state as plain data (fresh buffers, so they can be transferred). */
  snapshot(): Snapshot {
    const t = this.trainer!;
    // The page keeps the curve; the worker hands each epoch over once and forgets it (long runs stay small).
    const history = t.history.splice(0);
    const historyFrom = this.historySent;
    this.historySent += history.length;
    const last = history.at(-1) ?? this.lastEpoch;
    this.lastEpoch = last;
    return {
      generation: this.init!.generation,
      status: this.status,
      stopReason: t.stopReason,
      steps: t.steps,
      epoch: t.epoch,
      stepsPerSecond: this.status === 'running' ? this.rate.value : 0,
      historyFrom,
      history,
      codes: t.encode(this.all!),
      params: Float32Array.from(t.net.params),
      layout: t.net.layers.map((l) => ({ ...l })),
      reconstructions: t.reconstruct(this.showcase!),
      trainRmse: last?.metrics.rmse ?? Number.NaN,
      valRmse: last?.valMetrics?.rmse ?? null,
    };
  }
}
