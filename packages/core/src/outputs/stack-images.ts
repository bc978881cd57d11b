import { CoreError } from '../errors.js';
import { blankImage, type RgbaImage } from './image.js';

/** Images one below the other, left-aligned on a grey background of the widest one's width. */
export function stackImages(images: readonly RgbaImage[], background = 128): RgbaImage {
  if (images.length === 0) throw new CoreError('INVALID_ARGUMENT', 'stackImages: no images');
  const width = Math.max(...images.map((i) => i.width));
  const out = blankImage(width, images.reduce((n, i) => n + i.height, 0), background);
  let y0 = 0;
  for (const image of images) {
    for (let y = 0; y < image.height; y++) out.data.set(image.data.subarray(y * image.width * 4, (y + 1) * image.width * 4), ((y0 + y) * width) * 4);
    y0 += image.height;
  }
  return out;
}
