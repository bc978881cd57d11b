import { CoreError } from '../errors.js';
import { blankImage, parseTileShape, putPixel, resolveScale, toByte, upscaleNearest, valueRange, type ImageScale, type RgbaImage } from './image.js';

export interface StripOptions {
  /** Pixels between images and around the edge (default 1). */
  padding?: number;
  /** Grey level 0..255 of the padding (default 128, which keeps black and white digits apart from it). */
  background?: number;
  /**
   * `none` (default) shows values as they are, clamped to [0, 1], so a faint reconstruction looks faint; `tile`
   * stretches each image to the full grey range on its own, which makes the shape of low-contrast samples readable.
   */
  normalise?: 'none' | 'tile';
  /** Enlarge the picture (nearest neighbour), or `auto` so each image spans about 64 pixels (default 1: as is). */
  scale?: ImageScale;
}

/**
 * Two rows: the first `n` originals on top and their reconstructions below, values clamped to [0, 1]. `shape` is one
 * sample's [h, w] or [h, w, c]; both arrays hold samples back to back.
 */
export function reconstructionStrip(
  originals: Float32Array,
  reconstructions: Float32Array,
  shape: readonly number[],
  n: number,
  options: StripOptions = {},
): RgbaImage {
  const { h, w, c } = parseTileShape(shape, 'reconstructionStrip');
  const size = h * w * c;
  if (!Number.isInteger(n) || n < 1) throw new CoreError('INVALID_ARGUMENT', `reconstructionStrip: n must be a positive integer, got ${n}`);
  for (const [name, arr] of [
    ['originals', originals],
    ['reconstructions', reconstructions],
  ] as const) {
    if (arr.length < n * size) throw new CoreError('SHAPE_MISMATCH', `reconstructionStrip: ${name} hold ${Math.floor(arr.length / size)} samples of ${shape.join('x')}, need ${n}`);
  }
  const pad = options.padding ?? 1;
  const factor = resolveScale(options.scale, h, w, 'reconstructionStrip');
  const perTile = options.normalise === 'tile';
  if (options.normalise !== undefined && options.normalise !== 'none' && !perTile) {
    throw new CoreError('INVALID_ARGUMENT', `reconstructionStrip: normalise must be 'none' or 'tile', got ${String(options.normalise)}`);
  }
  const image = blankImage(n * (w + pad) + pad, 2 * (h + pad) + pad, options.background ?? 128);
  [originals, reconstructions].forEach((arr, row) => {
    for (let i = 0; i < n; i++) {
      const [lo, hi] = perTile ? valueRange(arr, i * size, 1, size) : [0, 1];
      const byte = (v: number) => (!perTile ? toByte(v) : hi > lo ? toByte((v - lo) / (hi - lo)) : toByte(v));
      const x0 = pad + i * (w + pad);
      const y0 = pad + row * (h + pad);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const base = i * size + (y * w + x) * c;
          putPixel(image, x0 + x, y0 + y, c === 1 ? [byte(arr[base]!)] : [byte(arr[base]!), byte(arr[base + 1]!), byte(arr[base + 2]!)]);
        }
      }
    }
  });
  return upscaleNearest(image, factor);
}
