import { CoreError } from '../errors.js';
import { blankImage, parseTileShape, putPixel, resolveScale, toByte, upscaleNearest, valueRange, type ImageScale, type RgbaImage } from './image.js';

export interface WeightTilesOptions {
  /** Tiles per row (default: ceil(sqrt(units))). */
  columns?: number;
  /**
   * `tile` (default) stretches each unit's weights to the full grey range on their own, which shows the pattern of
   * weak units too; `global` uses one range for all, so strengths compare; `none` clamps raw values to [0, 1].
   */
  normalise?: 'tile' | 'global' | 'none';
  /** Pixels between tiles and around the edge (default 1). */
  padding?: number;
  /** Grey level 0..255 of the padding (default 0). */
  background?: number;
  /** Enlarge the picture (nearest neighbour), or `auto` so each tile spans about 64 pixels (default 1: as is). */
  scale?: ImageScale;
  /** Draw only the first `limit` units (default all): the kind of filters shows without a wall of a thousand tiles. */
  limit?: number;
}

/**
 * The classic picture of what an autoencoder's first layer learned: one tile per hidden unit showing its incoming
 * weights as an image. `weights` is a dense kernel `[inputs x units]` (row-major, as TensorFlow.js stores it), with
 * inputs = h * w * c of `tileShape`.
 */
export function weightTiles(weights: Float32Array, tileShape: readonly number[], options: WeightTilesOptions = {}): RgbaImage {
  const { h, w, c } = parseTileShape(tileShape, 'weightTiles');
  const inputs = h * w * c;
  if (weights.length === 0 || weights.length % inputs !== 0) {
    throw new CoreError('SHAPE_MISMATCH', `weightTiles: ${weights.length} weights is not [${inputs} inputs x units] for a ${tileShape.join('x')} tile`);
  }
  const units = weights.length / inputs;
  if (options.limit !== undefined && (!Number.isInteger(options.limit) || options.limit < 1)) {
    throw new CoreError('INVALID_ARGUMENT', `weightTiles: limit must be a positive integer, got ${options.limit}`);
  }
  const shown = Math.min(units, options.limit ?? units);
  const columns = options.columns ?? Math.ceil(Math.sqrt(shown));
  if (!Number.isInteger(columns) || columns < 1) throw new CoreError('INVALID_ARGUMENT', `weightTiles: columns must be a positive integer, got ${columns}`);
  const rows = Math.ceil(shown / columns);
  const factor = resolveScale(options.scale, h, w, 'weightTiles');
  const pad = options.padding ?? 1;
  const mode = options.normalise ?? 'tile';
  const image = blankImage(columns * (w + pad) + pad, rows * (h + pad) + pad, options.background ?? 0);

  const tileRange = (u: number) => valueRange(weights, u, units, inputs);
  // One range over the units drawn (not the ones `limit` leaves out).
  const global = mode === 'global' ? unitsRange(shown, tileRange) : undefined;

  for (let u = 0; u < shown; u++) {
    const [lo, hi] = mode === 'tile' ? tileRange(u) : (global ?? [0, 1]);
    const scale = (v: number) => (mode === 'none' ? toByte(v) : hi > lo ? toByte((v - lo) / (hi - lo)) : 128);
    const x0 = pad + (u % columns) * (w + pad);
    const y0 = pad + Math.floor(u / columns) * (h + pad);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const base = (y * w + x) * c;
        const rgb = c === 1 ? [scale(weights[base * units + u]!)] : [0, 1, 2].map((ch) => scale(weights[(base + ch) * units + u]!));
        putPixel(image, x0 + x, y0 + y, rgb);
      }
    }
  }
  return upscaleNearest(image, factor);
}

function unitsRange(shown: number, range: (unit: number) => [number, number]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let u = 0; u < shown; u++) {
    const [a, b] = range(u);
    lo = Math.min(lo, a);
    hi = Math.max(hi, b);
  }
  return [lo, hi];
}
