import { LiteTrainer, type EpochRecord, type LiteDataset, type LiteTrainerOptions } from '@aelab/core';
import { gatherRows } from '../data/dataset.js';
import { SlicedEngine } from '../engine/sliced-engine.js';
import type { InitMessage, LiveSettings, PlaygroundCommand, Snapshot, WeightsReply } from './protocol.js';

/** Settings that belong to the page, not the network: they may arrive before any network exists. */
const PAGE_ONLY: ReadonlySet<keyof LiveSettings> = new Set(['maxStepsPerSecond', 'stopOnConvergence']);

function limitsOf(o: LiteTrainerOptions): { maxEpochs?: number; maxSteps?: number; convergenceEpsilon?: number } {
  return { maxEpochs: o.maxEpochs, maxSteps: o.maxSteps, convergenceEpsilon: o.convergenceEpsilon };
}

/** Updates between clock reads inside a slice: the playground's networks are small, one update takes microseconds. */
const STEPS_PER_CHECK = 16;
/** A half-second window: steady enough to read, quick enough to follow a change of batch size. */
const RATE_WINDOW_MS = 500;

/**
 * The training side of the playground: the shared sliced loop, plus live settings, weights in and out, and a
 * snapshot of the whole (small) network with the codes of every point.
 */
export class TrainingEngine extends SlicedEngine<InitMessage, PlaygroundCommand, Snapshot, WeightsReply> {
  private all: LiteDataset | null = null;
  private showcase: LiteDataset | null = null;
  private lastEpoch: EpochRecord | undefined;
  /** Off: the convergence epsilon is ignored, so training runs until max epochs or a pause. */
  private stopOnConvergence = true;

  protected readonly loop = { stepsPerCheck: STEPS_PER_CHECK, rateWindowMs: RATE_WINDOW_MS };

  protected command(message: PlaygroundCommand): void {
    switch (message.type) {
      case 'update':
        this.applySettings(message.settings);
        return;
      case 'exportWeights':
        this.post({ type: 'weights', requestId: message.requestId, weights: this.trainer ? this.trainer.exportWeights() : null });
        return;
      case 'importWeights':
        this.need().importWeights(message.weights);
        this.changed();
        return;
    }
  }

  protected initialise(message: InitMessage): void {
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
    this.begin(message, trainer);
    this.all = all;
    this.showcase = { x: gatherRows(message.x, message.dim, message.showcase), count: message.showcase.length, dim: message.dim };
    this.lastEpoch = undefined;
  }

  private applySettings(s: LiveSettings): void {
    if (s.maxStepsPerSecond !== undefined) this.setMaxRate(s.maxStepsPerSecond);
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
    this.changed();
  }

  protected transfers(s: Snapshot): Transferable[] {
    return [s.codes.buffer, s.params.buffer, s.reconstructions.buffer] as Transferable[];
  }

  /** The current state as plain data (fresh buffers, so they can be transferred). */
  snapshot(): Snapshot {
    const t = this.trainer!;
    const progress = this.progress();
    const last = progress.history.at(-1) ?? this.lastEpoch;
    this.lastEpoch = last;
    return {
      ...progress,
      codes: t.encode(this.all!),
      params: Float32Array.from(t.net.params),
      layout: t.net.layers.map((l) => ({ ...l })),
      reconstructions: t.reconstruct(this.showcase!),
      trainRmse: last?.metrics.rmse ?? Number.NaN,
      valRmse: last?.valMetrics?.rmse ?? null,
    };
  }
}
