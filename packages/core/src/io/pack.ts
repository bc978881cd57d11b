import { CoreError } from '../errors.js';

/**
 * Splits a JSON-like value holding Float32Arrays (checkpoints: weights, optimizer slots) into JSON text and one
 * binary blob, and back. Arrays become `{"$f32": [offset, length]}` (in floats) in the JSON.
 */
export function packArrays(value: unknown): { json: string; data: Uint8Array } {
  const chunks: Float32Array[] = [];
  let offset = 0;
  const json = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Float32Array) {
      chunks.push(v);
      const ref = { $f32: [offset, v.length] };
      offset += v.length;
      return ref;
    }
    return v;
  });
  const all = new Float32Array(offset);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return { json, data: new Uint8Array(all.buffer) };
}

export function unpackArrays<T>(json: string, data: Uint8Array): T {
  if (data.byteLength % 4 !== 0) throw new CoreError('MODEL_FORMAT', `array data has ${data.byteLength} bytes, not a whole number of floats`);
  const copy = data.slice();
  const all = new Float32Array(copy.buffer, copy.byteOffset, copy.byteLength / 4);
  return JSON.parse(json, (_key, v: unknown) => {
    if (v && typeof v === 'object' && '$f32' in v) {
      const [offset, length] = (v as { $f32: [number, number] }).$f32;
      if (offset + length > all.length) throw new CoreError('MODEL_FORMAT', 'array data is shorter than the JSON says');
      return all.slice(offset, offset + length);
    }
    return v;
  }) as T;
}
