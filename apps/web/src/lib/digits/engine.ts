import { lab, LiteTrainer, type LiteDataset } from '@aelab/core';
import { gatherRows } from '../data/dataset.js';
import type { SessionStatus } from '../worker/protocol.js';
import { SPARSENESS_THRESHOLD } from './config.js';
import type { CodeHistogramData, DigitsInitMessage, DigitsProbe, DigitsSnapshot, FromDigits, TileSource, ToDigits } from './protocol.js';

const PIXELS = 784;
/** How long one burst of training runs before the engine looks at its messages again. */
const SLICE_MS = 12;
/** Codes and reconstructions cost a forward pass of a few hundred digits: measured at most this often while training. */
export const PROBE_EVERY_MS = 400;
export const HISTOGRAM_BINS = 24;

/**
 * The digits lab's training side, independent of how messages travel (the Web Worker wraps it, tests drive it
 * directly). Like the playground's engine it trains in slices and sends a snapshot only when the page asks for one,
 * so drawing never queues behind training; a snapshot carries the tiles of a few units, not the whole network, and
 * the costlier probe (codes, reconstructions) only a few times a second.
 */
export class DigitsEngine {
  private trainer: LiteTrainer | null = null;
  private init: DigitsInitMessage | null = null;
  private showcase: LiteDataset | null = null;
  private probeSet: LiteDataset | null = null;
  private status: SessionStatus = 'idle';
  private frameWanted = false;
  private dirty = false;
  private historySent = 0;
  private lastProbeAt = -Infinity;
  private probedSteps = -1;
  private rate = { steps: 0, since: 0, value: 0 };
  private tileSource: TileSource = 'decoder';

  constructor(
    private readonly post: (message: FromDigits, transfer?: Transferable[]) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get running(): boolean {
    return this.status === 'running';
  }

  handle(message: ToDigits): void {
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

  /** Trains for about `budgetMs` (at least one update); returns the number of updates made. */
  runSlice(budgetMs = SLICE_MS): number {
    const t = this.trainer;
    if (!t || this.status !== 'running') return 0;
    const start = this.now();
    let done = 0;
    // One update at a time: with 1,024 units a single one takes milliseconds.
    do {
      done += t.run(1);
    } while (!t.stopped && this.now() - start < budgetMs);
    this.countRate(done);
    if (t.stopped) this.status = 'stopped';
    this.dirty = true;
    this.flush();
    return done;
  }

  private dispatch(message: ToDigits): void {
    switch (message.type) {
      case 'init':
        this.initialise(message);
        return;
      case 'start': {
        const t = this.need();
        if (t.stopped) return;
        this.status = 'running';
        this.rate = { steps: 0, since: this.now(), value: this.rate.value };
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
        this.status = t.stopped ? 'stopped' : 'paused';
        this.dirty = true;
        return;
      }
      case 'frame':
        this.frameWanted = true;
        return;
      case 'tiles':
        this.tileSource = message.source;
        this.dirty = true;
        return;
    }
  }

  private initialise(m: DigitsInitMessage): void {
    const rows = (r: Uint32Array): LiteDataset => ({ x: gatherRows(m.x, PIXELS, r), count: r.length, dim: PIXELS });
    this.trainer = new LiteTrainer(m.options, rows(m.train), m.validation.length > 0 ? rows(m.validation) : null);
    this.init = m;
    this.showcase = rows(m.showcase);
    this.probeSet = rows(m.probe);
    this.status = 'idle';
    this.historySent = 0;
    this.lastProbeAt = -Infinity;
    this.probedSteps = -1;
    this.rate = { steps: 0, since: this.now(), value: 0 };
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
    if (span >= 1000) this.rate = { steps: 0, since: now, value: (this.rate.steps * 1000) / span };
    else if (this.rate.value === 0 && span > 0) this.rate.value = (this.rate.steps * 1000) / span;
  }

  private flush(): void {
    if (!this.frameWanted || !this.dirty || !this.trainer) return;
    this.frameWanted = false;
    this.dirty = false;
    const s = this.snapshot();
    const transfer: Transferable[] = [s.tiles.buffer as ArrayBuffer];
    if (s.probe) transfer.push(s.probe.reconstructions.buffer as ArrayBuffer);
    this.post({ type: 'snapshot', snapshot: s }, transfer);
  }

  /** The current state as plain data (fresh buffers, so they can be transferred). */
  snapshot(): DigitsSnapshot {
    const t = this.trainer!;
    const history = t.history.splice(0);
    const historyFrom = this.historySent;
    this.historySent += history.length;
    const layer = t.net.layers[0]!;
    const out = t.net.layers[1]!;
    const tileCount = Math.min(this.init!.tiles, layer.units);
    return {
      generation: this.init!.generation,
      status: this.status,
      stopReason: t.stopReason,
      steps: t.steps,
      epoch: t.epoch,
      stepsPerSecond: this.status === 'running' ? this.rate.value : 0,
      historyFrom,
      history,
      tiles: this.tileSource === 'encoder' ? encoderTiles(t.net.params, layer.kernelOffset, layer.units, tileCount) : decoderTiles(t.net.params, out.kernelOffset, tileCount),
      tileSource: this.tileSource,
      tileCount,
      units: layer.units,
      probe: this.maybeProbe(),
    };
  }

  private maybeProbe(): DigitsProbe | null {
    const t = this.trainer!;
    const now = this.now();
    if (t.steps === this.probedSteps) return null;
    // While training, a few times a second; when paused or stopped, at once (the last state must show).
    if (this.status === 'running' && now - this.lastProbeAt < PROBE_EVERY_MS) return null;
    this.lastProbeAt = now;
    this.probedSteps = t.steps;
    return probe(t, this.showcase!, this.probeSet!);
  }
}

/** Unit j's input weights as a 28x28 image: column j of the [784][units] kernel. */
export function encoderTiles(params: ArrayLike<number>, kernelOffset: number, units: number, count: number): Float32Array {
  const out = new Float32Array(count * PIXELS);
  for (let i = 0; i < PIXELS; i++) {
    const row = kernelOffset + i * units;
    for (let j = 0; j < count; j++) out[j * PIXELS + i] = params[row + j]!;
  }
  return out;
}

/** Unit j's output weights as a 28x28 image: row j of the [units][784] decoder kernel. */
export function decoderTiles(params: ArrayLike<number>, kernelOffset: number, count: number): Float32Array {
  const out = new Float32Array(count * PIXELS);
  for (let k = 0; k < count * PIXELS; k++) out[k] = params[kernelOffset + k]!;
  return out;
}

export function probe(t: LiteTrainer, showcase: LiteDataset, probeSet: LiteDataset): DigitsProbe {
  const codes = t.encode(probeSet);
  const units = t.net.layers[t.codeLayer]!.units;
  return {
    steps: t.steps,
    reconstructions: t.reconstruct(showcase),
    // The lab experiment's own measure, so the number here means what its Table 1 means.
    sparseness: lab.codeSparseness(codes, probeSet.count, units, SPARSENESS_THRESHOLD),
    histogram: codeHistogram(codes, t.net.layers[t.codeLayer]!.activation === 'sigmoid' ? 1 : null),
  };
}

/**
 * Bins code values from 0 to `hi` (the largest value when null: ReLU codes have no ceiling, but the range reaches at
 * least twice the sparseness threshold, so its line stays on the chart even when every unit is off).
 */
export function codeHistogram(codes: Float32Array, hi: number | null, bins = HISTOGRAM_BINS): CodeHistogramData {
  let top = hi ?? 2 * SPARSENESS_THRESHOLD;
  if (hi === null) for (let i = 0; i < codes.length; i++) if (codes[i]! > top) top = codes[i]!;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < codes.length; i++) {
    const b = Math.floor((codes[i]! / top) * bins);
    counts[Math.min(bins - 1, Math.max(0, b))]! += 1;
  }
  return { lo: 0, hi: top, counts, total: codes.length };
}
