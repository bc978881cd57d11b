import { CoreError } from '../errors.js';
import type { SavedArray } from '../optimizers/optimizers.js';

/** One weight in a binary blob: float32 values, little-endian, in manifest order. */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

/** Packs named arrays into one binary buffer plus a manifest (tfjs' weights.bin idea, simplified). */
export function encodeWeights(arrays: SavedArray[]): { specs: WeightSpec[]; data: ArrayBuffer } {
  const total = arrays.reduce((n, a) => n + a.values.length, 0);
  const out = new Float32Array(total);
  let offset = 0;
  const specs: WeightSpec[] = [];
  for (const a of arrays) {
    const expected = a.shape.reduce((x, y) => x * y, 1);
    if (expected !== a.values.length) throw new CoreError('MODEL_FORMAT', `weight ${a.name}: shape [${a.shape.join(', ')}] does not hold ${a.values.length} values`);
    out.set(a.values, offset);
    offset += a.values.length;
    specs.push({ name: a.name, shape: [...a.shape], dtype: 'float32' });
  }
  if (!littleEndian()) byteSwap(new Uint8Array(out.buffer));
  return { specs, data: out.buffer };
}

export function decodeWeights(specs: WeightSpec[], data: ArrayBuffer | Uint8Array): SavedArray[] {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  const total = specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
  if (bytes.byteLength !== total * 4) {
    throw new CoreError('MODEL_FORMAT', `weight data has ${bytes.byteLength} bytes, the manifest needs ${total * 4}`);
  }
  const copy = bytes.slice();
  if (!littleEndian()) byteSwap(copy);
  const all = new Float32Array(copy.buffer, copy.byteOffset, total);
  let offset = 0;
  return specs.map((s) => {
    const n = s.shape.reduce((a, b) => a * b, 1);
    const values = all.slice(offset, offset + n);
    offset += n;
    return { name: s.name, shape: [...s.shape], values };
  });
}

function littleEndian(): boolean {
  return new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
}

function byteSwap(bytes: Uint8Array): void {
  for (let i = 0; i + 3 < bytes.length; i += 4) {
    const a = bytes[i]!;
    const b = bytes[i + 1]!;
    bytes[i] = bytes[i + 3]!;
    bytes[i + 1] = bytes[i + 2]!;
    bytes[i + 2] = b;
    bytes[i + 3] = a;
  }
}
