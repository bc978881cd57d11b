import * as tf from '@tensorflow/tfjs';
import { CoreError } from '../errors.js';
import type { AnyModel } from '../models/build.js';
import { ConvAutoEncoder } from '../models/conv-autoencoder.js';
import { getModelFactory } from '../models/registry.js';
import type { RgbaImage } from '../outputs/image.js';
import { resizeRgba } from './resize.js';

/** The largest picture `applyToImage` takes: a conv model's first activations for it fill about 270 MB. */
export const MAX_APPLY_PIXELS = 2048 * 2048;

export interface AppliedImage {
  /** The reconstruction, the input's width and height. */
  output: RgbaImage;
  /** Mean squared error between the model's input and its reconstruction, values in [0, 1]. */
  mse: number;
  /** What was done to fit the picture to the model (padding, resizing, greyscale), for the user. */
  notes: string[];
}

function hasAlpha(image: RgbaImage): boolean {
  for (let i = 3; i < image.data.length; i += 4) if (image.data[i] !== 255) return true;
  return false;
}

/** RGBA bytes to [h, w, channels] floats in [0, 1]; one channel is the luma of the three. */
function toFloats(image: RgbaImage, channels: 1 | 3): Float32Array {
  const n = image.width * image.height;
  const out = new Float32Array(n * channels);
  for (let p = 0; p < n; p++) {
    const [r, g, b] = [image.data[p * 4]!, image.data[p * 4 + 1]!, image.data[p * 4 + 2]!];
    if (channels === 1) out[p] = (0.299 * r + 0.587 * g + 0.114 * b) / 255;
    else for (let c = 0; c < 3; c++) out[p * 3 + c] = image.data[p * 4 + c]! / 255;
  }
  return out;
}

function toRgba(values: Float32Array, width: number, height: number, channels: number): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    for (let c = 0; c < 3; c++) data[p * 4 + c] = Math.round(Math.min(1, Math.max(0, values[p * channels + (channels === 1 ? 0 : c)]!)) * 255);
    data[p * 4 + 3] = 255;
  }
  return { width, height, data };
}

function channelsOf(shape: readonly number[]): 1 | 3 {
  const c = shape.length === 3 ? shape[2]! : 1;
  if (c !== 1 && c !== 3) throw new CoreError('CHANNELS', `the model takes ${c}-channel images; pictures give 1 (grey) or 3 (RGB) channels`);
  return c;
}

/** How many pixels a conv model's height and width must be a multiple of: the product of its downsampling strides. */
export function convStrideMultiple(model: ConvAutoEncoder): number {
  let factor = 1;
  for (const layer of model.layers) {
    const config = layer.getConfig() as { strides?: [number, number] };
    if ((layer.className === 'Conv2D' || layer.className === 'MaxPool2D') && config.strides) factor *= Math.max(config.strides[0], config.strides[1]);
  }
  return factor;
}

/** Edge-replicating pad of [h, w, c] floats to [ph, pw, c], so borders do not look like dark frames to the model. */
function padEdges(values: Float32Array, h: number, w: number, c: number, ph: number, pw: number): Float32Array {
  const out = new Float32Array(ph * pw * c);
  for (let y = 0; y < ph; y++) {
    const sy = Math.min(y, h - 1);
    for (let x = 0; x < pw; x++) {
      const sx = Math.min(x, w - 1);
      for (let k = 0; k < c; k++) out[(y * pw + x) * c + k] = values[(sy * w + sx) * c + k]!;
    }
  }
  return out;
}

async function run(model: AnyModel, input: Float32Array, shape: number[]): Promise<Float32Array> {
  const out = tf.tidy(() => model.reconstruct(tf.tensor(input, [1, ...shape])));
  try {
    return (await out.data()) as Float32Array;
  } finally {
    out.dispose();
  }
}

/** The same conv model for pictures of [h, w, c]: its weights do not depend on the size, only its shapes do. */
function convModelFor(model: ConvAutoEncoder, h: number, w: number): ConvAutoEncoder {
  const { className, config } = model.serialize();
  const sized = getModelFactory(className)({ ...(config as Record<string, unknown>), inputShape: [h, w, model.inputShape[2]!] }) as ConvAutoEncoder;
  sized.setWeights(model.getWeights());
  return sized;
}

/**
 * Runs a trained autoencoder on one picture of any size. A conv model runs fully convolutionally: the picture is
 * padded (edges repeated) to its stride multiple and the reconstruction cropped back, never stretched. A dense model
 * sees the picture resized (and greyed) to its input, and the reconstruction is resized back.
 */
export async function applyToImage(model: AnyModel, image: RgbaImage): Promise<AppliedImage> {
  if (image.width * image.height > MAX_APPLY_PIXELS) {
    throw new CoreError('IMAGE_TOO_LARGE', `${image.width}x${image.height} is more than the ${MAX_APPLY_PIXELS.toLocaleString('en-US')} pixels (2048x2048) aelab applies a model to; scale it down first`);
  }
  const notes: string[] = [];
  if (hasAlpha(image)) notes.push('transparency dropped');
  const { width, height } = image;
  if (model instanceof ConvAutoEncoder) {
    const c = channelsOf(model.inputShape);
    if (c === 1) notes.push('converted to greyscale (the model takes one channel)');
    const m = convStrideMultiple(model);
    const [ph, pw] = [Math.ceil(height / m) * m, Math.ceil(width / m) * m];
    if (ph !== height || pw !== width) notes.push(`padded to ${pw}x${ph} (a multiple of ${m}) and cropped back`);
    const input = toFloats(image, c);
    const sized = ph === model.inputShape[0] && pw === model.inputShape[1] ? model : convModelFor(model, ph, pw);
    let recon: Float32Array;
    try {
      recon = await run(sized, padEdges(input, height, width, c, ph, pw), [ph, pw, c]);
    } finally {
      if (sized !== model) sized.dispose();
    }
    const cropped = new Float32Array(height * width * c);
    let sq = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        for (let k = 0; k < c; k++) {
          const v = recon[(y * pw + x) * c + k]!;
          cropped[(y * width + x) * c + k] = v;
          sq += (v - input[(y * width + x) * c + k]!) ** 2;
        }
      }
    }
    return { output: toRgba(cropped, width, height, c), mse: sq / cropped.length, notes };
  }
  // Dense models take flat vectors: a square picture of `features` values (grey), or of features / 3 (RGB).
  const features = model.inputShape.reduce((a, b) => a * b, 1);
  const grey = Math.round(Math.sqrt(features));
  const rgb = Math.round(Math.sqrt(features / 3));
  const [side, c] = grey * grey === features ? [grey, 1 as const] : rgb * rgb * 3 === features ? [rgb, 3 as const] : [0, 1 as const];
  if (side === 0) throw new CoreError('CHANNELS', `the model takes ${features} values, which is no square grey or RGB picture`);
  if (side !== width || side !== height) notes.push(`resized to ${side}x${side} for the dense model and back to ${width}x${height}`);
  if (c === 1) notes.push('converted to greyscale (the model takes one channel)');
  const small = side === width && side === height ? image : resizeRgba(image, side, side);
  const input = toFloats(small, c);
  const recon = await run(model, input, [features]);
  let sq = 0;
  for (let i = 0; i < input.length; i++) sq += (recon[i]! - input[i]!) ** 2;
  const out = toRgba(recon, side, side, c);
  return { output: side === width && side === height ? out : resizeRgba(out, width, height), mse: sq / input.length, notes };
}
