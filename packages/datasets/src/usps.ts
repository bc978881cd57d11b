import { DatasetError } from './errors.js';

const VALUES_PER_LINE = 257;

export interface UspsRecords {
  count: number;
  features: Float32Array;
  labels: Int32Array;
  /**
   * The values as integers in units of 1e-4 (label, then 256 pixels, per record; little-endian int32). Its sha256 is
   * the content checksum: it identifies the canonical values whatever the text layout or gzip encoding.
   */
  digestInput: Uint8Array;
}

const SPACE = 32;
const TAB = 9;
const CR = 13;
const LF = 10;

function isSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === CR;
}

/**
 * Parses the ESL text format (`label v1 .. v256` per line, pixels in [-1, 1]) into features in [0, 1].
 * Blank lines are skipped; anything else malformed is a BAD_FORMAT error naming the line.
 */
export function parseUsps(text: Uint8Array, file: string, limit?: number): UspsRecords {
  // First pass counts non-blank lines so the output is allocated once.
  let lines = 0;
  let blank = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === LF) {
      if (!blank) lines++;
      blank = true;
    } else if (!isSpace(c)) blank = false;
  }
  if (!blank) lines++;
  // An empty (or blank) file would load as a split of 0 records; a present file must hold something.
  if (lines === 0) throw new DatasetError('EMPTY_FILE', `${file}: holds no records (the file is ${text.length === 0 ? 'empty' : 'blank'})`);
  const count = limit === undefined ? lines : Math.min(limit, lines);
  const features = new Float32Array(count * 256);
  const labels = new Int32Array(count);
  const ints = new Int32Array(count * VALUES_PER_LINE);
  const decoder = new TextDecoder();

  let pos = 0;
  let record = 0;
  let lineNo = 0;
  while (record < count && pos < text.length) {
    lineNo++;
    let end = text.indexOf(LF, pos);
    if (end < 0) end = text.length;
    let n = 0;
    let i = pos;
    while (i < end) {
      while (i < end && isSpace(text[i]!)) i++;
      if (i >= end) break;
      const start = i;
      while (i < end && !isSpace(text[i]!)) i++;
      const value = parseNumber(text, start, i);
      if (Number.isNaN(value)) {
        const token = decoder.decode(text.subarray(start, Math.min(i, start + 20)));
        throw new DatasetError('BAD_FORMAT', `${file}: line ${lineNo}: "${token}" is not a number`);
      }
      if (n >= VALUES_PER_LINE) {
        throw new DatasetError('BAD_FORMAT', `${file}: line ${lineNo}: more than ${VALUES_PER_LINE} values (label + 256 pixels)`);
      }
      const base = record * VALUES_PER_LINE;
      ints[base + n] = Math.round(value * 10000);
      if (n === 0) {
        if (!Number.isInteger(value) || value < 0 || value > 9) {
          throw new DatasetError('BAD_FORMAT', `${file}: line ${lineNo}: label ${value} is not a digit 0-9`);
        }
        labels[record] = value;
      } else {
        if (value < -1.0001 || value > 1.0001) {
          throw new DatasetError('BAD_FORMAT', `${file}: line ${lineNo}: pixel ${n} = ${value} is outside [-1, 1]`);
        }
        features[record * 256 + n - 1] = Math.min(1, Math.max(0, (value + 1) / 2));
      }
      n++;
    }
    pos = end + 1;
    if (n === 0) continue;
    if (n !== VALUES_PER_LINE) {
      throw new DatasetError(
        'TRUNCATED',
        `${file}: line ${lineNo}: ${n} values, expected ${VALUES_PER_LINE} (label + 256 pixels)${end >= text.length ? '; the file looks cut short' : ''}`,
      );
    }
    record++;
  }
  return { count, features, labels, digestInput: new Uint8Array(ints.buffer) };
}

/** A decimal like `-0.6310` or `6.0000` without allocating a string; falls back to parseFloat for exponents. */
function parseNumber(text: Uint8Array, start: number, end: number): number {
  let i = start;
  let sign = 1;
  if (text[i] === 45 /* - */) {
    sign = -1;
    i++;
  } else if (text[i] === 43 /* + */) i++;
  let int = 0;
  let digits = 0;
  while (i < end && text[i]! >= 48 && text[i]! <= 57) {
    int = int * 10 + (text[i]! - 48);
    i++;
    digits++;
  }
  let frac = 0;
  let scale = 1;
  if (i < end && text[i] === 46 /* . */) {
    i++;
    while (i < end && text[i]! >= 48 && text[i]! <= 57) {
      frac = frac * 10 + (text[i]! - 48);
      scale *= 10;
      i++;
      digits++;
    }
  }
  if (digits === 0) return Number.NaN;
  if (i < end) {
    if (text[i] !== 101 && text[i] !== 69 /* e E */) return Number.NaN;
    return Number(new TextDecoder().decode(text.subarray(start, end)));
  }
  return sign * (int + frac / scale);
}
