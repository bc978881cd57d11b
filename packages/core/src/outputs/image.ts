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
