import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { applyToImage, MAX_APPLY_PIXELS, type AnyModel, type RgbaImage } from '@aelab/core';
import { decodeImage, encodePng, jpegOrientation, orientImage } from '@aelab/datasets/node';
import { CliError } from '../errors.js';
import type { PlannedImage } from './inputs.js';

export interface AppliedOutput {
  input: string;
  output: string;
  width: number;
  height: number;
  /** Mean squared error of the reconstruction against the model's input, values in [0, 1]. */
  mse: number;
  notes: string[];
}

/** PNG width and height from its header, so an oversized picture is refused before it is decoded. */
function pngHeaderSize(bytes: Uint8Array): { width: number; height: number } | null {
  if (bytes.length < 24 || bytes[0] !== 0x89 || bytes[1] !== 0x50) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** The picture as displayed: decoded, turned by its EXIF orientation. */
export function readPicture(path: string): RgbaImage {
  const bytes = new Uint8Array(readFileSync(path));
  const size = pngHeaderSize(bytes);
  if (size && size.width * size.height > MAX_APPLY_PIXELS) {
    throw new CliError('IMAGE_TOO_LARGE', `${path}: ${size.width}x${size.height} is more than the ${MAX_APPLY_PIXELS.toLocaleString('en-US')} pixels (2048x2048) aelab applies a model to; scale it down first`);
  }
  let image: RgbaImage;
  try {
    image = decodeImage(bytes, path);
  } catch (err) {
    const kind = bytes[0] === 0x89 ? 'PNG' : bytes[0] === 0xff ? 'JPEG' : null;
    // It starts like a picture but does not decode: say so rather than "not an image".
    if (kind) throw new CliError('IMAGE_DAMAGED', `${path}: a damaged or truncated ${kind} file (${(err as Error).message.replace(/^.*cannot decode \((.*)\)$/, '$1')})`);
    throw err;
  }
  return bytes[0] === 0xff ? orientImage(image, jpegOrientation(bytes)) : image;
}

/** Original (alpha dropped) on the left, reconstruction on the right. */
function sideBySide(original: RgbaImage, reconstruction: RgbaImage): RgbaImage {
  const { width: w, height: h } = original;
  const data = new Uint8Array(2 * w * h * 4);
  for (let y = 0; y < h; y++) {
    data.set(original.data.subarray(y * w * 4, (y + 1) * w * 4), y * 2 * w * 4);
    data.set(reconstruction.data.subarray(y * w * 4, (y + 1) * w * 4), (y * 2 + 1) * w * 4);
  }
  for (let i = 3; i < data.length; i += 4) data[i] = 255;
  return { width: 2 * w, height: h, data };
}

/** Written beside the target and renamed over it: an interrupted run never leaves half a PNG. */
function writeAtomically(path: string, bytes: Uint8Array): void {
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, bytes);
  renameSync(temp, path);
}

/** Reads, reconstructs and writes one picture. */
export async function processImage(model: AnyModel, item: PlannedImage, options: { sideBySide: boolean }): Promise<AppliedOutput> {
  const picture = readPicture(item.input);
  const applied = await applyToImage(model, picture);
  const image = options.sideBySide ? sideBySide(picture, applied.output) : applied.output;
  writeAtomically(item.output, encodePng(image.data, image.width, image.height));
  return { input: item.input, output: item.output, width: picture.width, height: picture.height, mse: applied.mse, notes: applied.notes };
}
