import type { RgbaImage } from '@aelab/datasets';
import { CoreError } from '../errors.js';

export type { RgbaImage };

/** A width x height RGBA canvas filled with one grey level. */
export function blankImage(width: number, height: number, grey: number): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let p = 0; p < width * height; p++) data.set([grey, grey, grey, 255], p * 4);
  return { width, height, data };
}

/** [h, w] or [h, w, c] with c = 1 or 3, as height, width, channels. */
export function parseTileShape(shape: readonly number[], what: string): { h: number; w: number; c: 1 | 3 } {
  const [h, w, c = 1] = shape;
  if (shape.length < 2 || shape.length > 3 || !Number.isInteger(h) || !Number.isInteger(w) || h! < 1 || w! < 1 || (c !== 1 && c !== 3)) {
    throw new CoreError('INVALID_ARGUMENT', `${what}: shape must be [height, width] or [height, width, 1|3], got [${shape.join(', ')}]`);
  }
  return { h: h!, w: w!, c };
}

/** Writes one value per channel (grey replicated) at (x, y). Values are bytes already. */
export function putPixel(image: RgbaImage, x: number, y: number, rgb: readonly number[]): void {
  const at = (y * image.width + x) * 4;
  image.data[at] = rgb[0]!;
  image.data[at + 1] = rgb[1] ?? rgb[0]!;
  image.data[at + 2] = rgb[2] ?? rgb[0]!;
  image.data[at + 3] = 255;
}

export function toByte(v: number): number {
  if (Number.isNaN(v)) return 0;
  return Math.round(Math.min(1, Math.max(0, v)) * 255);
}

/** A whole-number enlargement, or `auto`: enough for a tile to span about `LEGIBLE_TILE_PX` pixels. */
export type ImageScale = number | 'auto';

/** About how many pixels a tile should span to be read at the image's native size (a 28x28 digit becomes 84x84). */
export const LEGIBLE_TILE_PX = 64;
const MAX_SCALE = 16;

/** The enlargement `scale` asks for, for tiles of h x w pixels; `auto` never shrinks and never goes past 16x. */
export function resolveScale(scale: ImageScale | undefined, h: number, w: number, what: string): number {
  if (scale === undefined) return 1;
  if (scale === 'auto') return Math.min(MAX_SCALE, Math.max(1, Math.ceil(LEGIBLE_TILE_PX / Math.max(h, w))));
  if (!Number.isInteger(scale) || scale < 1 || scale > MAX_SCALE) {
    throw new CoreError('INVALID_ARGUMENT', `${what}: scale must be 'auto' or a whole number from 1 to ${MAX_SCALE}, got ${scale}`);
  }
  return scale;
}

/**
 * Enlarges an image `factor` times by repeating pixels (nearest neighbour): weights and pixels stay sharp squares,
 * not the blur a smoothing resize (or a browser zooming a tiny PNG) makes of them.
 */
export function upscaleNearest(image: RgbaImage, factor: number): RgbaImage {
  if (factor === 1) return image;
  const width = image.width * factor;
  const height = image.height * factor;
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const sourceRow = Math.floor(y / factor) * image.width;
    for (let x = 0; x < width; x++) {
      const from = (sourceRow + Math.floor(x / factor)) * 4;
      data.set(image.data.subarray(from, from + 4), (y * width + x) * 4);
    }
  }
  return { width, height, data };
}

/** The [lo, hi] of `count` values of `values` from `from` on, `step` apart. */
export function valueRange(values: ArrayLike<number>, from: number, step: number, count: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0, j = from; i < count; i++, j += step) {
    const v = values[j]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}
