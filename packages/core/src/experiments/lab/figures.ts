import { reconstructionStrip } from '../../outputs/reconstruction-strip.js';
import { weightTiles } from '../../outputs/weight-tiles.js';
import type { ArtifactSink } from '../experiment.js';
import type { LabData, Matrix } from './types.js';

/** A figure file of the report, relative to the run directory. */
export interface LabFigure {
  file: string;
  title: string;
  /** Which of the report's figures it belongs to (see the definition's figure ids). */
  figure: string;
}

/** The first test digit of each class, in class order: the same ten digits in every reconstruction strip. */
export function fixedDigits(data: LabData): Matrix {
  const { x, y } = data.test;
  const picks: number[] = [];
  for (let c = 0; c < data.classes; c++) {
    const i = y.indexOf(c);
    if (i >= 0) picks.push(i);
  }
  const out = new Float32Array(picks.length * x.cols);
  picks.forEach((i, k) => out.set(x.data.subarray(i * x.cols, (i + 1) * x.cols), k * x.cols));
  return { data: out, rows: picks.length, cols: x.cols };
}

/** Top row the digits, bottom row their reconstructions (Figs. 2 and 5). */
export async function writeReconstructions(sink: ArtifactSink, file: string, data: LabData, reconstruct: (x: Matrix) => Promise<Float32Array>): Promise<void> {
  const x = fixedDigits(data);
  await sink.writeImage(file, reconstructionStrip(x.data, await reconstruct(x), data.imageShape, x.rows));
}

/** One tile per unit of a kernel [inputs x units] (row-major), the first `shown` units. */
export async function writeTiles(sink: ArtifactSink, file: string, kernel: Float32Array, units: number, imageShape: [number, number], shown = units): Promise<void> {
  const inputs = kernel.length / units;
  const n = Math.min(units, shown);
  const kept = new Float32Array(inputs * n);
  for (let i = 0; i < inputs; i++) kept.set(kernel.subarray(i * units, i * units + n), i * n);
  await sink.writeImage(file, weightTiles(kept, imageShape, { columns: n > 100 ? 20 : 10 }));
}
