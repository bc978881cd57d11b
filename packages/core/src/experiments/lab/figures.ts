import { reconstructionStrip } from '../../outputs/reconstruction-strip.js';
import { weightTiles } from '../../outputs/weight-tiles.js';
import { firstOfEachClass } from '../../pipelines/labelled.js';
import type { ArtifactSink } from '../experiment.js';
import type { LabData, Matrix } from './types.js';

/** A figure file of the report, relative to the run directory. */
export interface LabFigure {
  file: string;
  title: string;
  /** Which of the report's figures it belongs to (see the definition's figure ids). */
  figure: string;
}

/** Top row the digits, bottom row their reconstructions (Figs. 2 and 5). */
export async function writeReconstructions(sink: ArtifactSink, file: string, data: LabData, reconstruct: (x: Matrix) => Promise<Float32Array>): Promise<void> {
  const x = firstOfEachClass(data.test, data.classes);
  // Enlarged so a 28-pixel digit reads at the file's own size.
  await sink.writeImage(file, reconstructionStrip(x.data, await reconstruct(x), data.imageShape, x.rows, { scale: 'auto' }));
}

/** One tile per unit of a kernel [inputs x units] (row-major), the first `shown` units. */
export async function writeTiles(sink: ArtifactSink, file: string, kernel: Float32Array, units: number, imageShape: [number, number], shown = units): Promise<void> {
  // Each tile stretched to its own contrast (weightTiles' default) and enlarged to read at the file's own size.
  await sink.writeImage(file, weightTiles(kernel, imageShape, { columns: Math.min(units, shown) > 100 ? 20 : 10, limit: shown, scale: 'auto' }));
}
