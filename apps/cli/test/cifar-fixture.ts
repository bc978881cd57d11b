// CIFAR-10 binary batches written to a temporary folder: the real file format (label byte, then 1,024 red, green
// and blue bytes per record) with a handful of seeded images, so commands read them exactly as they read the real set.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const RECORD = 3073;

/** `n` records: smooth colour gradients with seeded offsets (not constant, so a model has something to learn). */
export function cifarRecords(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n * RECORD);
  let s = seed * 7919 + 1;
  const rand = (): number => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let r = 0; r < n; r++) {
    const base = r * RECORD;
    out[base] = r % 10;
    const [a, b] = [rand() * 255, rand() * 4];
    for (let c = 0; c < 3; c++) {
      for (let p = 0; p < 1024; p++) out[base + 1 + c * 1024 + p] = Math.round(a + b * ((p % 32) + c * 20) + 30 * Math.sin(p / 97)) & 255;
    }
  }
  return out;
}

/** A data root holding cifar10/ with five training batches of `perBatch` records and a test batch of `test`. */
export function writeCifarData(root: string, perBatch: number, test: number): string {
  const dir = join(root, 'cifar10');
  mkdirSync(dir, { recursive: true });
  for (let b = 1; b <= 5; b++) writeFileSync(join(dir, `data_batch_${b}.bin`), cifarRecords(perBatch, b));
  writeFileSync(join(dir, 'test_batch.bin'), cifarRecords(test, 99));
  return root;
}
