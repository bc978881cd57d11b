import { DatasetError } from './errors.js';

export const CIFAR_RECORD_BYTES = 3073;
const PLANE = 1024;

/** Records in a CIFAR-10 binary batch of `byteLength` bytes; a partial record is a TRUNCATED error. */
export function cifarRecordCount(byteLength: number, file: string): number {
  if (byteLength === 0) throw new DatasetError('TRUNCATED', `${file}: empty file`);
  if (byteLength % CIFAR_RECORD_BYTES !== 0) {
    throw new DatasetError(
      'TRUNCATED',
      `${file}: ${byteLength} bytes is not a whole number of ${CIFAR_RECORD_BYTES}-byte records (${Math.floor(byteLength / CIFAR_RECORD_BYTES)} whole, then ${byteLength % CIFAR_RECORD_BYTES} bytes)`,
    );
  }
  return byteLength / CIFAR_RECORD_BYTES;
}

/**
 * Decodes `count` records of a binary batch (label byte, then 1024 R, 1024 G, 1024 B, row-major) into NHWC
 * features in [0, 1] starting at record `at` of the outputs.
 */
export function decodeCifarRecords(bytes: Uint8Array, file: string, count: number, features: Float32Array, labels: Int32Array, at: number): void {
  const lut = new Float32Array(256);
  for (let i = 0; i < 256; i++) lut[i] = i / 255;
  for (let r = 0; r < count; r++) {
    const base = r * CIFAR_RECORD_BYTES;
    const label = bytes[base]!;
    if (label > 9) throw new DatasetError('BAD_FORMAT', `${file}: record ${r} has label ${label}, expected 0-9`);
    labels[at + r] = label;
    let o = (at + r) * 3 * PLANE;
    const red = base + 1;
    for (let p = 0; p < PLANE; p++) {
      features[o++] = lut[bytes[red + p]!]!;
      features[o++] = lut[bytes[red + PLANE + p]!]!;
      features[o++] = lut[bytes[red + 2 * PLANE + p]!]!;
    }
  }
}

/**
 * Class names from `batches.meta.txt` (one per line). A file that is there but does not list exactly 10 names is
 * a BAD_FORMAT error naming it: quietly keeping the default names would hide a wrong or damaged file.
 */
export function parseCifarMeta(text: string, file = 'batches.meta.txt'): string[] {
  const names = text
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (names.length !== 10) throw new DatasetError('BAD_FORMAT', `${file}: lists ${names.length} class names, expected 10 (one per line)`);
  return names;
}
