import { DatasetError } from './errors.js';

/** An image as float data in [0, 1], NHWC without the N: `height * width * channels` values. */
export interface ImageTensor {
  width: number;
  height: number;
  channels: 1 | 3 | 4;
  data: Float32Array;
}

/** 8-bit RGBA pixels, row-major (what PNG/JPEG decoders and canvases use). */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface ToTensorOptions {
  /** 1 = grey (Rec. 601 luma), 3 = RGB, 4 = RGBA. Default 3. */
  channels?: 1 | 3 | 4;
  /** Resize to [height, width] (area average when shrinking, bilinear when enlarging). */
  size?: [number, number];
  /** 1 - value, e.g. to turn a dark digit on white paper into MNIST's white on black. */
  invert?: boolean;
}

function checkDims(width: number, height: number, length: number, channels: number, what: string): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new DatasetError('INVALID_OPTIONS', `${what}: bad size ${width}x${height}`);
  }
  if (length !== width * height * channels) {
    throw new DatasetError('INVALID_OPTIONS', `${what}: ${length} values for ${width}x${height}x${channels}`);
  }
}

/**
 * RGBA bytes to float data. Transparent pixels are composited over white (how viewers show them) before dropping
 * alpha.
 */
export function rgbaToTensor(image: RgbaImage, options: ToTensorOptions = {}): ImageTensor {
  const { width, height, data } = image;
  checkDims(width, height, data.length, 4, 'rgbaToTensor');
  const channels = options.channels ?? 3;
  const n = width * height;
  const out = new Float32Array(n * channels);
  for (let p = 0; p < n; p++) {
    const a = data[p * 4 + 3]! / 255;
    const r = (data[p * 4]! / 255) * a + (1 - a);
    const g = (data[p * 4 + 1]! / 255) * a + (1 - a);
    const b = (data[p * 4 + 2]! / 255) * a + (1 - a);
    if (channels === 1) out[p] = 0.299 * r + 0.587 * g + 0.114 * b;
    else if (channels === 3) out.set([r, g, b], p * 3);
    else out.set([data[p * 4]! / 255, data[p * 4 + 1]! / 255, data[p * 4 + 2]! / 255, a], p * 4);
  }
  let tensor: ImageTensor = { width, height, channels, data: out };
  if (options.size) tensor = resizeImage(tensor, options.size[1], options.size[0]);
  if (options.invert) {
    const values = tensor.data;
    // Alpha (every 4th value of RGBA) stays as it is.
    for (let i = 0; i < values.length; i++) if (channels !== 4 || i % 4 !== 3) values[i] = 1 - values[i]!;
  }
  return tensor;
}

/** Float data (clamped to [0, 1]) to RGBA bytes; grey is replicated, missing alpha is opaque. */
export function tensorToRgba(image: ImageTensor): RgbaImage {
  const { width, height, channels, data } = image;
  checkDims(width, height, data.length, channels, 'tensorToRgba');
  const n = width * height;
  const out = new Uint8Array(n * 4);
  const byte = (v: number) => Math.round(Math.min(1, Math.max(0, Number.isNaN(v) ? 0 : v)) * 255);
  for (let p = 0; p < n; p++) {
    if (channels === 1) {
      const v = byte(data[p]!);
      out[p * 4] = v;
      out[p * 4 + 1] = v;
      out[p * 4 + 2] = v;
      out[p * 4 + 3] = 255;
    } else {
      out[p * 4] = byte(data[p * channels]!);
      out[p * 4 + 1] = byte(data[p * channels + 1]!);
      out[p * 4 + 2] = byte(data[p * channels + 2]!);
      out[p * 4 + 3] = channels === 4 ? byte(data[p * 4 + 3]!) : 255;
    }
  }
  return { width, height, data: out };
}

/**
 * Resamples to width x height. Each output pixel averages the input area it covers (exact box filter), which is
 * the right thing when shrinking a photo to 28x28 and degrades to bilinear-like sampling when enlarging.
 */
export function resizeImage(image: ImageTensor, width: number, height: number): ImageTensor {
  const { width: w0, height: h0, channels: c, data } = image;
  checkDims(width, height, width * height * c, c, 'resizeImage');
  if (width === w0 && height === h0) return { ...image, data: data.slice() };
  const out = new Float32Array(width * height * c);
  const sx = w0 / width;
  const sy = h0 / height;
  if (sx >= 1 && sy >= 1) {
    for (let y = 0; y < height; y++) {
      const y0 = y * sy;
      const y1 = y0 + sy;
      for (let x = 0; x < width; x++) {
        const x0 = x * sx;
        const x1 = x0 + sx;
        for (let ch = 0; ch < c; ch++) {
          let sum = 0;
          for (let iy = Math.floor(y0); iy < Math.min(h0, Math.ceil(y1)); iy++) {
            const wy = Math.min(iy + 1, y1) - Math.max(iy, y0);
            for (let ix = Math.floor(x0); ix < Math.min(w0, Math.ceil(x1)); ix++) {
              const wx = Math.min(ix + 1, x1) - Math.max(ix, x0);
              sum += wx * wy * data[(iy * w0 + ix) * c + ch]!;
            }
          }
          out[(y * width + x) * c + ch] = sum / (sx * sy);
        }
      }
    }
  } else {
    for (let y = 0; y < height; y++) {
      const fy = Math.min(h0 - 1, Math.max(0, (y + 0.5) * sy - 0.5));
      const iy = Math.floor(fy);
      const ty = fy - iy;
      const iy1 = Math.min(h0 - 1, iy + 1);
      for (let x = 0; x < width; x++) {
        const fx = Math.min(w0 - 1, Math.max(0, (x + 0.5) * sx - 0.5));
        const ix = Math.floor(fx);
        const tx = fx - ix;
        const ix1 = Math.min(w0 - 1, ix + 1);
        for (let ch = 0; ch < c; ch++) {
          const at = (yy: number, xx: number) => data[(yy * w0 + xx) * c + ch]!;
          const top = at(iy, ix) * (1 - tx) + at(iy, ix1) * tx;
          const bottom = at(iy1, ix) * (1 - tx) + at(iy1, ix1) * tx;
          out[(y * width + x) * c + ch] = top * (1 - ty) + bottom * ty;
        }
      }
    }
  }
  return { width, height, channels: c, data: out };
}
