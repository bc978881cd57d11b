import { lab, LiteTrainer, type LiteDataset } from '@aelab/core';
import { gatherRows } from '../data/dataset.js';
import { SlicedEngine } from '../engine/sliced-engine.js';
import { SPARSENESS_THRESHOLD } from './config.js';
import type { CodeHistogramData, DigitsInitMessage, DigitsProbe, DigitsSnapshot, TilesCommand, TileSource } from './protocol.js';

const PIXELS = 784;
/** One update between clock reads: with 1,024 units a single one takes milliseconds. */
const STEPS_PER_CHECK = 1;
/** A whole second: at a few hundred slow updates a second, a shorter window reads jumpy. */
const RATE_WINDOW_MS = 1000;
/** Codes and reconstructions cost a forward pass of a few hundred digits: measured at most this often while training. */
export const PROBE_EVERY_MS = 400;
export const HISTOGRAM_BINS = 24;

/**
 * The digits lab's training side: the shared sliced loop, with a snapshot that carries the tiles of a few units,
 * not the whole network, and the costlier probe (codes, reconstructions) only a few times a second.
 */
export class DigitsEngine extends SlicedEngine<DigitsInitMessage, TilesCommand, DigitsSnapshot> {
  private showcase: LiteDataset | null = null;
  private probeSet: LiteDataset | null = null;
  private lastProbeAt = -Infinity;
  private probedSteps = -1;
  private tileSource: TileSource = 'decoder';

  protected readonly loop = { stepsPerCheck: STEPS_PER_CHECK, rateWindowMs: RATE_WINDOW_MS };

  protected command(message: TilesCommand): void {
    this.tileSource = message.source;
    this.changed();
  }

  protected initialise(m: DigitsInitMessage): void {
    const rows = (r: Uint32Array): LiteDataset => ({ x: gatherRows(m.x, PIXELS, r), count: r.length, dim: PIXELS });
    this.begin(m, new LiteTrainer(m.options, rows(m.train), m.validation.length > 0 ? rows(m.validation) : null));
    this.showcase = rows(m.showcase);
    this.probeSet = rows(m.probe);
    this.lastProbeAt = -Infinity;
    this.probedSteps = -1;
  }

  protected transfers(s: DigitsSnapshot): Transferable[] {
    const transfer: Transferable[] = [s.tiles.buffer as ArrayBuffer];
    if (s.probe) transfer.push(s.probe.reconstructions.buffer as ArrayBuffer);
    return transfer;
  }

  /** The current state as plain data (fresh buffers, so they can be transferred). */
  snapshot(): DigitsSnapshot {
    const t = this.trainer!;
    const layer = t.net.layers[0]!;
    const out = t.net.layers[1]!;
    const tileCount = Math.min(this.init!.tiles, layer.units);
    return {
      ...this.progress(),
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
