import { CoreError } from '../errors.js';
import { blankImage, putPixel, type RgbaImage } from './image.js';

/** Ten distinguishable colours (Tableau 10), by class index; more classes cycle. */
export const CLASS_COLOURS: readonly (readonly [number, number, number])[] = [
  [31, 119, 180],
  [255, 127, 14],
  [44, 160, 44],
  [214, 39, 40],
  [148, 103, 189],
  [140, 86, 75],
  [227, 119, 194],
  [127, 127, 127],
  [188, 189, 34],
  [23, 190, 207],
];

const UNLABELLED = [40, 40, 40] as const;

export interface ScatterOptions {
  /** Half-width of each point's square in pixels (default 1: 3x3 squares). */
  radius?: number;
  /** Pixels kept free at the edges (default 4). */
  margin?: number;
}

/**
 * A size x size scatter plot of 2-D codes on white, coloured by label: the picture of a 2-unit bottleneck. Each axis
 * is scaled to its own range; y grows upwards. Points with a NaN or infinite coordinate are skipped.
 */
export function codeScatter(codes: Float32Array, labels: ArrayLike<number> | null, size: number, options: ScatterOptions = {}): RgbaImage {
  if (codes.length % 2 !== 0) throw new CoreError('SHAPE_MISMATCH', `codeScatter: ${codes.length} values is not [n x 2]`);
  const n = codes.length / 2;
  if (labels && labels.length !== n) throw new CoreError('SHAPE_MISMATCH', `codeScatter: ${n} codes but ${labels.length} labels`);
  if (!Number.isInteger(size) || size < 8) throw new CoreError('INVALID_ARGUMENT', `codeScatter: size must be an integer of at least 8, got ${size}`);
  const radius = options.radius ?? 1;
  const margin = Math.max(options.margin ?? 4, radius);
  const lo = [Infinity, Infinity];
  const hi = [-Infinity, -Infinity];
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < 2; a++) {
      const v = codes[2 * i + a]!;
      if (!Number.isFinite(v)) continue;
      lo[a] = Math.min(lo[a]!, v);
      hi[a] = Math.max(hi[a]!, v);
    }
  }
  const span = size - 1 - 2 * margin;
  const place = (v: number, a: number) => (hi[a]! > lo[a]! ? margin + Math.round(((v - lo[a]!) / (hi[a]! - lo[a]!)) * span) : Math.round((size - 1) / 2));
  const image = blankImage(size, size, 255);
  for (let i = 0; i < n; i++) {
    const cx = codes[2 * i]!;
    const cy = codes[2 * i + 1]!;
    if (!Number.isFinite(cx) || !Number.isFinite(cy)) continue;
    const px = place(cx, 0);
    const py = size - 1 - place(cy, 1);
    const label = labels ? labels[i]! : -1;
    const colour = label >= 0 ? CLASS_COLOURS[label % CLASS_COLOURS.length]! : UNLABELLED;
    for (let dy = -radius; dy <= radius; dy++) {
      for (let dx = -radius; dx <= radius; dx++) {
        const x = px + dx;
        const y = py + dy;
        if (x >= 0 && y >= 0 && x < size && y < size) putPixel(image, x, y, colour);
      }
    }
  }
  return image;
}
