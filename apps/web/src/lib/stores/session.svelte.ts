import { liteTrainerOptions, type LiteWeights, type RunConfig } from '@aelab/core';
import { buildData, type PlaygroundData } from '../data/dataset.js';
import type { PlaygroundConfig } from '../config/types.js';
import { EngineSession } from '../engine/session.svelte.js';
import type { EnginePort } from '../worker/port.js';
import type { FromEngine, InitMessage, LayerLayout, LiveSettings, PlaygroundCommand, ResumePoint, Snapshot, WeightsReply } from '../worker/protocol.js';

/** How many points the reconstruction strip shows (one per cluster, then more). */
const SHOWCASE_ROWS = 6;
/**
 * The pace a session starts at: slow enough that the codes and the curve visibly move for several seconds on the
 * default problem (about 40 epochs a second at 24 updates per epoch), the way TensorFlow Playground paces itself.
 */
export const DEFAULT_SPEED = 1000;
/** The loss curve keeps at most about this many epochs (thinned evenly), so drawing stays cheap in long runs. */
export const MAX_HISTORY = 2000;

/**
 * The playground's training session: the shared session state, plus the whole network, the codes of every point
 * and the reconstructions of a few from the last snapshot, live settings, and weights in and out.
 */
export class SessionStore extends EngineSession<InitMessage, PlaygroundCommand, Snapshot, WeightsReply> {
  trainRmse = $state(Number.NaN);
  valRmse = $state<number | null>(null);
  codes = $state.raw<Float32Array | null>(null);
  params = $state.raw<Float32Array | null>(null);
  layout = $state.raw<LayerLayout[]>([]);
  reconstructions = $state.raw<Float32Array | null>(null);
  data = $state.raw<PlaygroundData | null>(null);
  /** Rows of `data` shown in the reconstruction strip. */
  showcase = $state.raw<Uint32Array>(new Uint32Array(0));
  /** The config's network or data changed after training began; a reset applies it. */
  stale = $state(false);
  /** Steps per second to slow down to, for watching; null for full speed. */
  speed = $state<number | null>(DEFAULT_SPEED);
  /** Whether the convergence epsilon ends training; off, only max epochs (or a pause) do. */
  stopOnConvergence = $state(true);

  private requestId = 0;
  private readonly pendingWeights = new Map<number, (w: LiteWeights | null) => void>();

  constructor(createPort: () => EnginePort, nextFrame?: (callback: () => void) => void) {
    super(createPort, nextFrame, MAX_HISTORY);
  }

  /** A snapshot has arrived (reads reactive state only, so templates update when it turns true). */
  get ready(): boolean {
    return this.params !== null;
  }

  /** Builds the data and a fresh network for a validated config (optionally with given weights). */
  setup(config: PlaygroundConfig, runConfig: RunConfig, weights?: LiteWeights, resume?: ResumePoint): void {
    const data = buildData(config);
    const options = liteTrainerOptions(runConfig, data.dim);
    const showcase = pickShowcase(data, SHOWCASE_ROWS);
    const port = this.restart();
    this.data = data;
    this.showcase = showcase;
    this.codes = null;
    this.params = null;
    this.reconstructions = null;
    this.trainRmse = Number.NaN;
    this.valRmse = null;
    this.stale = false;
    port.send({ type: 'init', generation: this.generation, options, x: data.x, dim: data.dim, train: data.train, validation: data.validation, showcase, weights, resume });
    port.send({ type: 'update', settings: { maxStepsPerSecond: this.speed, stopOnConvergence: this.stopOnConvergence } });
    port.send({ type: 'frame' });
  }

  setSpeed(stepsPerSecond: number | null): void {
    this.speed = stepsPerSecond;
    this.port?.send({ type: 'update', settings: { maxStepsPerSecond: stepsPerSecond } });
  }

  setStopOnConvergence(on: boolean): void {
    this.stopOnConvergence = on;
    this.port?.send({ type: 'update', settings: { stopOnConvergence: on } });
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

  override dispose(): void {
    super.dispose();
    this.params = null;
  }

  protected override receive(message: FromEngine): void {
    if (message.type !== 'weights') return super.receive(message);
    this.pendingWeights.get(message.requestId)?.(message.weights);
    this.pendingWeights.delete(message.requestId);
  }

  protected show(s: Snapshot): void {
    this.trainRmse = s.trainRmse;
    this.valRmse = s.valRmse;
    this.codes = s.codes;
    this.params = s.params;
    if (!sameLayout(this.layout, s.layout)) this.layout = s.layout;
    this.reconstructions = s.reconstructions;
  }
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
