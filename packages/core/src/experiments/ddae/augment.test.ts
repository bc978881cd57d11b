import { describe, expect, it } from 'vitest';
import { concatColumns, concatRows, shiftedCopies, shiftedSet, shiftOffsets } from './augment.js';

describe('shifted copies', () => {
  it('moves each image by one pixel in the four directions, filling with background', () => {
    // One 3x3 image with a single bright centre pixel.
    const x = { data: Float32Array.from([0, 0, 0, 0, 1, 0, 0, 0, 0]), rows: 1, cols: 9 };
    const out = shiftedCopies(x, [3, 3], 1);
    expect(out.rows).toBe(5);
    const centreOf = (k: number) => Array.from(out.data.subarray(k * 9, (k + 1) * 9)).indexOf(1);
    // original, down, up, right, left
    expect([0, 1, 2, 3, 4].map(centreOf)).toEqual([4, 7, 1, 5, 3]);
    for (let k = 0; k < 5; k++) expect(out.data.subarray(k * 9, (k + 1) * 9).reduce((a, b) => a + b, 0)).toBe(1);
    // A pixel moved out of the frame is gone, not wrapped around.
    const edge = shiftedCopies({ data: Float32Array.from([0, 0, 0, 0, 0, 0, 0, 0, 1]), rows: 1, cols: 9 }, [3, 3], 1);
    expect(edge.data.subarray(9, 18).reduce((a, b) => a + b, 0)).toBe(0);
    expect(shiftOffsets(2)).toHaveLength(8);
  });

  it('repeats the labels with the copies and concatenates rows and columns', () => {
    const set = { x: { data: new Float32Array(2 * 4), rows: 2, cols: 4 }, y: Int32Array.from([3, 5]) };
    expect(Array.from(shiftedSet(set, [2, 2], 1).y)).toEqual([3, 5, 3, 5, 3, 5, 3, 5, 3, 5]);
    const a = { data: Float32Array.from([1, 2, 3, 4]), rows: 2, cols: 2 };
    const b = { data: Float32Array.from([9, 8]), rows: 2, cols: 1 };
    expect(Array.from(concatColumns(a, b).data)).toEqual([1, 2, 9, 3, 4, 8]);
    expect(concatRows(a, a).rows).toBe(4);
    expect(() => concatColumns(a, { data: new Float32Array(3), rows: 3, cols: 1 })).toThrow(/2 rows with 3/);
  });
});
