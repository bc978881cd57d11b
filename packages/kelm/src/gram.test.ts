import { describe, expect, it } from 'vitest';
import { gaussianGram64, maxAbsDiff, uniform } from '../test/data.js';
import { kernelSource } from './gram.js';

describe('kernelSource', () => {
  it('hands out lower block columns of K(X, X), across chunk boundaries', () => {
    // More rows than one uploaded chunk (2048), few features to keep the reference cheap.
    const x = uniform(2100, 3, 2);
    const source = kernelSource({ type: 'gaussian', sigma: 0.4 }, x.data, x.rows, x.cols);
    try {
      for (const [start, width] of [
        [0, 5],
        [2040, 16],
        [2095, 5],
      ] as const) {
        const col = source.blockColumn(start, width);
        expect(col.length).toBe((x.rows - start) * width);
        const rows = { data: x.data.subarray(start * 3), rows: x.rows - start, cols: 3 };
        const cols = { data: x.data.subarray(start * 3, (start + width) * 3), rows: width, cols: 3 };
        expect(maxAbsDiff(col, gaussianGram64(rows, cols, 0.4))).toBeLessThan(2e-6);
      }
    } finally {
      source.dispose();
    }
  });

  it('computes polynomial kernels', () => {
    const x = uniform(10, 4, 3);
    const source = kernelSource({ type: 'polynomial', degree: 3, scale: 2, offset: 0.5 }, x.data, 10, 4);
    const col = source.blockColumn(7, 3);
    source.dispose();
    for (let r = 7; r < 10; r++) {
      for (let j = 0; j < 3; j++) {
        let dot = 0;
        for (let k = 0; k < 4; k++) dot += x.data[r * 4 + k]! * x.data[(7 + j) * 4 + k]!;
        expect(col[(r - 7) * 3 + j]).toBeCloseTo((2 * dot + 0.5) ** 3, 4);
      }
    }
  });
});
