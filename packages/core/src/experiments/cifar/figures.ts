import * as tf from '@tensorflow/tfjs';
import type { AnyModel } from '../../models/build.js';
import { lineChart, type ChartSeries } from '../../outputs/line-chart.js';
import { reconstructionStrip } from '../../outputs/reconstruction-strip.js';
import { stackImages } from '../../outputs/stack-images.js';
import type { TrainData } from '../../training/data.js';
import type { ArtifactSink } from '../experiment.js';
import type { EpochRow } from './train-job.js';

export interface CifarFigure {
  id: string;
  file: string;
  title: string;
  /** What the axes and colours are. */
  caption: string;
}

const RED = [200, 30, 30] as const;
const PURPLE = [120, 40, 160] as const;
const ORANGE = [230, 120, 0] as const;
const BLUE = [30, 80, 200] as const;
const GREEN = [20, 140, 60] as const;

/** Rows of originals over reconstructions: the test grid (the document's figures 7-9, on CIFAR test images). */
export const GRID = { columns: 8, rows: 4 } as const;

function iterationsAxis(n: number, from = 1): number[] {
  return Array.from({ length: n }, (_, i) => from + i);
}

/** Reconstructions of the first test images, read asynchronously (every backend). */
async function reconstructions(model: AnyModel, test: TrainData, n: number): Promise<Float32Array> {
  const per = test.shape.reduce((a, b) => a * b, 1);
  const out = tf.tidy(() => model.reconstruct(tf.tensor2d(test.features.subarray(0, n * per), [n, per])));
  try {
    return (await out.data()) as Float32Array;
  } finally {
    out.dispose();
  }
}

interface FigureInput {
  losses: readonly number[];
  seconds: readonly number[];
  perEpoch: readonly EpochRow[];
  model: AnyModel;
  test: TrainData;
}

/**
 * The document's loss windows (iterations 0-500, 500-2,500 and the whole run), per-epoch train and test BCE, time
 * against iterations, and the reconstruction grid, written as PNGs under figures/. A window the run does not reach is
 * left out.
 */
export async function writeCifarFigures(input: FigureInput, sink: ArtifactSink): Promise<CifarFigure[]> {
  const { losses, seconds, perEpoch } = input;
  const figures: CifarFigure[] = [];
  const x = iterationsAxis(losses.length);
  const put = async (figure: CifarFigure, series: ChartSeries[], xRange?: readonly [number, number]): Promise<void> => {
    await sink.writeImage(figure.file, lineChart(series, xRange ? { xRange } : {}));
    figures.push(figure);
  };
  const windowed = (from: number, to: number): ChartSeries => ({ x: x.slice(from, to), y: losses.slice(from, to), color: RED });
  await put(
    { id: 'loss-0-500', file: 'figures/loss-0-500.png', title: 'Training BCE per iteration, iterations 0-500 (Figure 4)', caption: 'x: iteration; y: BCE of the mini-batch.' },
    [windowed(0, 500)],
    [0, 500],
  );
  if (losses.length > 500) {
    const s = windowed(499, 2500);
    await put(
      { id: 'loss-500-2500', file: 'figures/loss-500-2500.png', title: 'Training BCE per iteration, iterations 500-2,500', caption: 'x: iteration; y: BCE of the mini-batch.' },
      [{ ...s, color: PURPLE }],
      [500, 2500],
    );
  }
  await put(
    { id: 'loss-all', file: 'figures/loss-all.png', title: 'Training BCE per iteration, the whole run (Figure 5)', caption: 'x: iteration; y: BCE of the mini-batch.' },
    [{ x, y: losses, color: ORANGE }],
  );
  const epochs = perEpoch.map((e) => e.epoch);
  await put(
    { id: 'loss-epochs', file: 'figures/loss-epochs.png', title: 'Training and test BCE per epoch', caption: 'x: epoch; blue: mean training BCE of the epoch; green: test BCE after it.' },
    [
      { x: epochs, y: perEpoch.map((e) => e.trainLoss), color: BLUE, markers: true },
      { x: epochs, y: perEpoch.map((e) => e.testLoss), color: GREEN, markers: true },
    ],
  );
  await put(
    { id: 'time', file: 'figures/time.png', title: 'Training time against iterations (Figure 6)', caption: 'x: iteration; y: seconds of training so far (test passes included).' },
    [{ x, y: seconds, color: GREEN }],
  );
  const n = Math.min(GRID.columns * GRID.rows, input.test.count);
  if (n > 0) {
    const recon = await reconstructions(input.model, input.test, n);
    const per = input.test.shape.reduce((a, b) => a * b, 1);
    const strips = [];
    for (let start = 0; start < n; start += GRID.columns) {
      const k = Math.min(GRID.columns, n - start);
      // Enlarged (nearest neighbour) so a 32-pixel picture reads at the file's own size.
      strips.push(reconstructionStrip(input.test.features.subarray(start * per, (start + k) * per), recon.subarray(start * per, (start + k) * per), input.test.shape, k, { padding: 2, scale: 'auto' }));
    }
    await sink.writeImage('figures/reconstructions.png', stackImages(strips));
    figures.push({
      id: 'reconstructions',
      file: 'figures/reconstructions.png',
      title: 'Test images and their reconstructions (Figures 7-9)',
      caption: `The first ${n} test images: each pair of rows is originals above reconstructions.`,
    });
  }
  return figures;
}
