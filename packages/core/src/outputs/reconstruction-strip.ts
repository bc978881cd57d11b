import { CoreError } from '../errors.js';
import { blankImage, parseTileShape, putPixel, toByte, type RgbaImage } from './image.js';

export interface StripOptions {
  /** Pixels between images and around the edge (default 1). */
  padding?: number;
  /** Grey level 0..255 of the padding (default 128, which keeps black and white digits apart from it). */
  background?: number;
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
  const image = blankImage(n * (w + pad) + pad, 2 * (h + pad) + pad, options.background ?? 128);
  [originals, reconstructions].forEach((arr, row) => {
    for (let i = 0; i < n; i++) {
      const x0 = pad + i * (w + pad);
      const y0 = pad + row * (h + pad);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const base = i * size + (y * w + x) * c;
          putPixel(image, x0 + x, y0 + y, c === 1 ? [toByte(arr[base]!)] : [toByte(arr[base]!), toByte(arr[base + 1]!), toByte(arr[base + 2]!)]);
        }
      }
    }
  });
  return image;
}
