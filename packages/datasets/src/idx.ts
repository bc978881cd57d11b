import { DatasetError } from './errors.js';

export interface IdxArray {
  /** Dimensions from the header, e.g. [60000, 28, 28]. */
  dims: number[];
  /** The unsigned bytes after the header (a view, not a copy). */
  data: Uint8Array;
}

const UBYTE = 0x08;

/**
 * Parses an uncompressed IDX file of unsigned bytes (the only type MNIST uses). `file` names it in error messages.
 */
export function parseIdx(bytes: Uint8Array, file: string): IdxArray {
  if (bytes.length < 4) {
    throw new DatasetError('TRUNCATED', `${file}: ${bytes.length} bytes, too short for an IDX header`);
  }
  const ndims = bytes[3]!;
  if (bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== UBYTE || ndims < 1 || ndims > 4) {
    const magic = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('');
    throw new DatasetError('BAD_MAGIC', `${file}: magic number 0x${magic} is not an IDX ubyte header (0x0000080N)`);
  }
  const headerSize = 4 + 4 * ndims;
  if (bytes.length < headerSize) {
    throw new DatasetError('TRUNCATED', `${file}: header needs ${headerSize} bytes, file has ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let i = 0; i < ndims; i++) dims.push(view.getUint32(4 + 4 * i, false));
  const expected = dims.reduce((a, b) => a * b, 1);
  const present = bytes.length - headerSize;
  if (present < expected) {
    throw new DatasetError('TRUNCATED', `${file}: header promises ${expected} data bytes (${dims.join('x')}), file holds ${present}`);
  }
  if (present > expected) {
    throw new DatasetError('BAD_FORMAT', `${file}: ${present - expected} bytes after the ${dims.join('x')} data`);
  }
  return { dims, data: bytes.subarray(headerSize) };
}

/** Byte -> [0, 1] lookup, faster than dividing 47 million times. */
const BYTE_TO_UNIT = (() => {
  const t = new Float32Array(256);
  for (let i = 0; i < 256; i++) t[i] = i / 255;
  return t;
})();

/** Byte -> 0/1 for mnist-binary: intensity / 255 > 0.5, fused into the conversion to save a pass. */
const BYTE_TO_BINARY = (() => {
  const t = new Float32Array(256);
  for (let i = 0; i < 256; i++) t[i] = i / 255 > 0.5 ? 1 : 0;
  return t;
})();

export function bytesToUnitFloats(data: Uint8Array, out = new Float32Array(data.length), offset = 0, binary = false): Float32Array {
  const lut = binary ? BYTE_TO_BINARY : BYTE_TO_UNIT;
  for (let i = 0; i < data.length; i++) out[offset + i] = lut[data[i]!]!;
  return out;
}

/**
 * Checks an MNIST images/labels pair and turns it into features in [0, 1] and labels. `limit` keeps the first
 * records only (saves converting what will be thrown away); `binary` gives mnist-binary's 0/1 pixels.
 */
export function mnistFromIdx(
  images: IdxArray,
  labels: IdxArray,
  names: { images: string; labels: string },
  limit?: number,
  binary = false,
): { features: Float32Array; labels: Int32Array; count: number } {
  if (images.dims.length !== 3 || images.dims[1] !== 28 || images.dims[2] !== 28) {
    throw new DatasetError('BAD_FORMAT', `${names.images}: expected images of 28x28, header says ${images.dims.join('x')}`);
  }
  if (labels.dims.length !== 1) {
    throw new DatasetError('BAD_FORMAT', `${names.labels}: expected a 1-D label file, header says ${labels.dims.join('x')}`);
  }
  const n = images.dims[0]!;
  if (labels.dims[0] !== n) {
    throw new DatasetError('COUNT_MISMATCH', `${names.images} holds ${n} images but ${names.labels} holds ${labels.dims[0]} labels`);
  }
  if (n === 0) throw new DatasetError('EMPTY_FILE', `${names.images}: its header says 0 images; the file holds no records`);
  const count = limit === undefined ? n : Math.min(limit, n);
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const l = labels.data[i]!;
    if (l > 9) throw new DatasetError('BAD_FORMAT', `${names.labels}: label ${l} at record ${i} is not a digit 0-9`);
    out[i] = l;
  }
  return { features: bytesToUnitFloats(images.data.subarray(0, count * 784), undefined, 0, binary), labels: out, count };
}
