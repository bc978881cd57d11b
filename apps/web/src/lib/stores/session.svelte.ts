import { liteTrainerOptions, type EpochRecord, type LiteWeights, type RunConfig, type StopReason } from '@aelab/core';
import { buildData, type PlaygroundData } from '../data/dataset.js';
import type { PlaygroundConfig } from '../config/types.js';
import type { EnginePort } from '../worker/port.js';
import type { FromEngine, LayerLayout, LiveSettings, ResumePoint, SessionStatus, Snapshot } from '../worker/protocol.js';

/** How many points the reconstruction strip shows (one per cluster, then more). */
const SHOWCASE_ROWS = 6;
/**
 * The pace a session starts at: slow enough that the codes and the curve visibly move for several seconds on the
 * default problem (about 40 epochs a second at 24 updates per epoch), the way TensorFlow Playground paces itself.
 */
export const DEFAULT_SPEED = 1000;
/** The loss curve keeps at most about this many epochs (thinned evenly), so drawing stays cheap in long runs. */
export const MAX_HISTORY = 2000;

export const STOP_MESSAGES: Record<StopReason, string> = {
  completed: 'Stopped: reached the maximum number of epochs.',
  'early-stopping': 'Stopped: the validation loss stopped improving (early stopping).',
  converged: 'Stopped: the loss changed by less than the convergence epsilon.',
  'max-steps': 'Stopped: reached the maximum number of steps.',
  diverged: 'Stopped: the loss is no longer a finite number (try a smaller learning rate).',
  aborted: 'Stopped.',
};

/**
 * One training session as the page sees it: the state of the last snapshot from the engine (in a worker), and
 * the commands. Snapshots are taken at most once per animation frame: the next one is asked for only after the
 * page has applied the last.
 */
export class SessionStore {
  status = $state<SessionStatus>('idle');
  stopReason = $state<StopReason | null>(null);
  steps = $state(0);
  epoch = $state(0);
  stepsPerSecond = $state(0);
  trainRmse = $state(Number.NaN);
  valRmse = $state<number | null>(null);
  history = $state.raw<EpochRecord[]>([]);
  codes = $state.raw<Float32Array | null>(null);
  params = $state.raw<Float32Array | null>(null);
  layout = $state.raw<LayerLayout[]>([]);
  reconstructions = $state.raw<Float32Array | null>(null);
  data = $state.raw<PlaygroundData | null>(null);
  /** Rows of `data` shown in the reconstruction strip. */
  showcase = $state.raw<Uint32Array>(new Uint32Array(0));
  error = $state<string | null>(null);
  /** The config's network or data changed after training began; a reset applies it. */
  stale = $state(false);
  /** Snapshots applied so far (tests and the perf script read it). */
  frames = $state(0);
  /** Steps per second to slow down to, for watching; null for full speed. */
  speed = $state<number | null>(DEFAULT_SPEED);
  /** Whether the convergence epsilon ends training; off, only max epochs (or a pause) do. */
  stopOnConvergence = $state(true);

  private port: EnginePort | null = null;
  /** Epoch records kept for the curve: every `stride`-th epoch, plus the first. */
  private kept: EpochRecord[] = [];
  private stride = 1;
  private requestId = 0;
  private generation = 0;
  private readonly pendingWeights = new Map<number, (w: LiteWeights | null) => void>();

  constructor(
    private readonly createPort: () => EnginePort,
    private readonly nextFrame: (callback: () => void) => void = defaultNextFrame,
  ) {}

  /** A snapshot has arrived (reads reactive state only, so templates update when it turns true). */
  get ready(): boolean {
    return this.params !== null;
  }

  get stopMessage(): string | null {
    return this.stopReason ? STOP_MESSAGES[this.stopReason] : null;
  }

  /** Builds the data and a fresh network for a validated config (optionally with given weights). */
  setup(config: PlaygroundConfig, runConfig: RunConfig, weights?: LiteWeights, resume?: ResumePoint): void {
    const data = buildData(config);
    const options = liteTrainerOptions(runConfig, data.dim);
    const showcase = pickShowcase(data, SHOWCASE_ROWS);
    if (!this.port) {
      this.port = this.createPort();
      this.port.onMessage((m) => this.receive(m));
    }
    this.data = data;
    this.showcase = showcase;
    this.history = [];
    this.codes = null;
    this.params = null;
    this.reconstructions = null;
    this.steps = 0;
    this.epoch = 0;
    this.status = 'idle';
    this.stopReason = null;
    this.trainRmse = Number.NaN;
    this.valRmse = null;
    this.stepsPerSecond = 0;
    this.error = null;
    this.stale = false;
    this.generation += 1;
    this.port.send({ type: 'init', generation: this.generation, options, x: data.x, dim: data.dim, train: data.train, validation: data.validation, showcase, weights, resume });
    this.port.send({ type: 'update', settings: { maxStepsPerSecond: this.speed, stopOnConvergence: this.stopOnConvergence } });
    this.port.send({ type: 'frame' });
  }

  setSpeed(stepsPerSecond: number | null): void {
    this.speed = stepsPerSecond;
    this.port?.send({ type: 'update', settings: { maxStepsPerSecond: stepsPerSecond } });
  }

  setStopOnConvergence(on: boolean): void {
    this.stopOnConvergence = on;
    this.port?.send({ type: 'update', settings: { stopOnConvergence: on } });
  }

  start(): void {
    this.port?.send({ type: 'start' });
  }

  pause(): void {
    this.port?.send({ type: 'pause' });
  }

  step(count = 1): void {
    this.port?.send({ type: 'step', count });
  }

  applyLive(settings: LiveSettings): void {
    this.port?.send({ type: 'update', settings });
  }

  importWeights(weights: LiteWeights): void {
    this.port?.send({ type: 'importWeights', weights });
  }

  exportWeights(): Promise<LiteWeights | null> {
    const port = this.port;
    if (!port) return Promise.resolve(null);
    const requestId = ++this.requestId;
    return new Promise((resolve) => {
      this.pendingWeights.set(requestId, resolve);
      port.send({ type: 'exportWeights', requestId });
    });
  }

  dispose(): void {
    this.port?.terminate();
    this.port = null;
    this.params = null;
  }

  private receive(message: FromEngine): void {
    switch (message.type) {
      case 'snapshot':
        if (message.snapshot.generation === this.generation) this.apply(message.snapshot);
        this.nextFrame(() => this.port?.send({ type: 'frame' }));
        return;
      case 'weights':
        this.pendingWeights.get(message.requestId)?.(message.weights);
        this.pendingWeights.delete(message.requestId);
        return;
      case 'error':
        this.error = `${message.message} [${message.code}]`;
        return;
    }
  }

  /** Adds new epochs to the thinned curve; the latest epoch is always its last point. */
  private keep(records: EpochRecord[]): EpochRecord[] {
    for (const r of records) {
      if (r.epoch % this.stride === 0 || r.epoch === 1) this.kept.push(r);
      if (this.kept.length > MAX_HISTORY) {
        this.stride *= 2;
        this.kept = this.kept.filter((k) => k.epoch % this.stride === 0 || k.epoch === 1);
      }
    }
    const latest = records.at(-1);
    return latest && this.kept.at(-1) !== latest ? [...this.kept, latest] : this.kept.slice();
  }

  private apply(s: Snapshot): void {
    this.status = s.status;
    this.stopReason = s.stopReason;
    this.steps = s.steps;
    this.epoch = s.epoch;
    this.stepsPerSecond = s.stepsPerSecond;
    this.trainRmse = s.trainRmse;
    this.valRmse = s.valRmse;
    if (s.historyFrom === 0) {
      this.kept = [];
      this.stride = 1;
    }
    if (s.historyFrom === 0 || s.history.length > 0) this.history = this.keep(s.history);
    this.codes = s.codes;
    this.params = s.params;
    if (!sameLayout(this.layout, s.layout)) this.layout = s.layout;
    this.reconstructions = s.reconstructions;
    this.frames += 1;
  }
}

function defaultNextFrame(callback: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => callback());
  else setTimeout(callback, 16);
}

function sameLayout(a: LayerLayout[], b: LayerLayout[]): boolean {
  return a.length === b.length && a.every((l, i) => l.inputs === b[i]!.inputs && l.units === b[i]!.units && l.activation === b[i]!.activation);
}

/** One point per class first (so every cluster shows), then the next ones in order. */
export function pickShowcase(data: PlaygroundData, rows: number): Uint32Array {
  const picked: number[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < data.count && picked.length < rows; i++) {
    const label = data.labels[i]!;
    if (!seen.has(label)) {
      seen.add(label);
      picked.push(i);
    }
  }
  for (let i = 0; i < data.count && picked.length < Math.min(rows, data.count); i++) if (!picked.includes(i)) picked.push(i);
  return Uint32Array.from(picked);
}
