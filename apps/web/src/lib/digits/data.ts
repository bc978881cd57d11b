import { Rng } from '@aelab/core';

export const PIXELS = 784;
export const SIDE = 28;

/** The shipped digits, unpacked: row-major 0/1 pixels and their labels. */
export interface DigitsData {
  x: Float32Array;
  labels: Int32Array;
  count: number;
}

/** The packed form the build ships (see build/digits-plugin.ts). */
export interface PackedDigits {
  count: number;
  pixels: number;
  bits: string;
  labels: string;
}

function fromBase64(text: string): Uint8Array {
  const raw = atob(text);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

export function unpackDigits(packed: PackedDigits): DigitsData {
  if (packed.pixels !== PIXELS) throw new Error(`digits: expected ${PIXELS} pixels a digit, got ${packed.pixels}`);
  const bits = fromBase64(packed.bits);
  const labelBytes = fromBase64(packed.labels);
  const x = new Float32Array(packed.count * PIXELS);
  for (let p = 0; p < x.length; p++) x[p] = (bits[p >> 3]! >> (p & 7)) & 1;
  return { x, labels: Int32Array.from(labelBytes), count: packed.count };
}

/** The shipped digits, loaded on demand (their chunk is only fetched by the lab). */
export async function loadDigits(): Promise<DigitsData> {
  const { digits } = await import('virtual:aelab-digits');
  return unpackDigits(digits);
}

/** Which rows train, which validate, which the page shows and which measure the codes. */
export interface DigitsSplit {
  train: Uint32Array;
  validation: Uint32Array;
  /** One validation digit of each class, 0 to 9: the fixed digits whose reconstructions the page shows. */
  showcase: Uint32Array;
  /** Validation digits whose codes give the live sparseness and histogram (a fixed sample, so it is cheap). */
  probe: Uint32Array;
}

/** Validation digits the live sparseness is measured on. */
export const PROBE_DIGITS = 200;

/**
 * A seeded stratified 80/20 split, as the lab experiment splits its 8,000 digits: each class shuffled with
 * `Rng(seed, 'validation-split')` and its first fifth held out.
 */
export function splitDigits(data: DigitsData, seed: number, validationFraction = 0.2): DigitsSplit {
  const rng = new Rng(seed, 'validation-split');
  const train: number[] = [];
  const validation: number[] = [];
  for (let label = 0; label < 10; label++) {
    const rows: number[] = [];
    for (let i = 0; i < data.count; i++) if (data.labels[i] === label) rows.push(i);
    const order = rng.permutation(rows.length);
    const held = Math.round(rows.length * validationFraction);
    order.forEach((o, k) => (k < held ? validation : train).push(rows[o]!));
  }
  train.sort((a, b) => a - b);
  validation.sort((a, b) => a - b);
  const showcase: number[] = [];
  for (let label = 0; label < 10; label++) {
    const row = validation.find((r) => data.labels[r] === label);
    if (row !== undefined) showcase.push(row);
  }
  // Every k-th validation digit: all classes, in proportion.
  const step = Math.max(1, Math.floor(validation.length / PROBE_DIGITS));
  const probe = validation.filter((_, i) => i % step === 0).slice(0, PROBE_DIGITS);
  return { train: Uint32Array.from(train), validation: Uint32Array.from(validation), showcase: Uint32Array.from(showcase), probe: Uint32Array.from(probe) };
}
