import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { DatasetError } from '../errors.js';
import { rgbaToTensor, tensorToRgba, type ImageTensor, type RgbaImage, type ToTensorOptions } from '../image.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function isPng(bytes: Uint8Array): boolean {
  return PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

function isJpeg(bytes: Uint8Array): boolean {
  return bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

/** Decodes PNG or JPEG bytes (told apart by their signature) to RGBA. */
export function decodeImage(bytes: Uint8Array, label = 'image'): RgbaImage {
  try {
    if (isPng(bytes)) {
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
    }
    if (isJpeg(bytes)) {
      const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
      return { width: img.width, height: img.height, data: img.data };
    }
  } catch (err) {
    throw new DatasetError('UNREADABLE_IMAGE', `${label}: cannot decode (${(err as Error).message})`, { cause: err });
  }
  throw new DatasetError('UNREADABLE_IMAGE', `${label}: not a PNG or JPEG file`);
}

/**
 * Reads a PNG or JPEG file into float data in [0, 1] (default RGB; `channels: 1` for grey, `size` to resize,
 * `invert` for dark-on-light pictures of digits).
 */
export function readImageFile(path: string, options: ToTensorOptions = {}): ImageTensor {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new DatasetError('FILE_MISSING', `${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });
  }
  return rgbaToTensor(decodeImage(bytes, path), options);
}

/** Every pixel opaque and grey (r = g = b): such a picture loses nothing as a one-channel PNG. */
function isOpaqueGrey(rgba: Uint8Array): boolean {
  for (let i = 0; i < rgba.length; i += 4) {
    if (rgba[i] !== rgba[i + 1] || rgba[i] !== rgba[i + 2] || rgba[i + 3] !== 255) return false;
  }
  return true;
}

/**
 * RGBA bytes to a PNG file's bytes. Opaque grey pictures (weight tiles, digits) are stored with one channel: the
 * same pixels in about a third of the bytes, which matters once they are enlarged and inlined in a report.
 */
export function encodePng(rgba: Uint8Array, width: number, height: number): Uint8Array {
  if (rgba.length !== width * height * 4) {
    throw new DatasetError('INVALID_OPTIONS', `encodePng: ${rgba.length} bytes for ${width}x${height} RGBA`);
  }
  const options = isOpaqueGrey(rgba) ? ({ colorType: 0, inputColorType: 6 } as const) : {};
  const png = new PNG({ width, height, ...options });
  png.data = Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength);
  const out = PNG.sync.write(png, options);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** Writes float image data (or RGBA bytes) as a PNG file, creating the folder. */
export async function writePng(path: string, image: ImageTensor | RgbaImage): Promise<void> {
  const rgba = image.data instanceof Float32Array ? tensorToRgba(image as ImageTensor) : (image as RgbaImage);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, encodePng(rgba.data, rgba.width, rgba.height));
}
