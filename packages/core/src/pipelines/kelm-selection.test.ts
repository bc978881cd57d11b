import { describe, expect, it } from 'vitest';
import { chooseKelm, choiceParams } from './kelm-selection.js';
import { kelmSelectionSchema } from './kelm-selection.js';

/** Four distinct points per class, each repeated ten times: the kernel matrix is singular, as codes of a saturated stack make it. */
function repeated(): { x: { data: Float32Array; rows: number; cols: number }; y: Int32Array } {
  const rows = 80;
  const data = new Float32Array(rows * 2);
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const c = i % 2;
    const p = Math.floor(i / 2) % 4;
    data[i * 2] = c * 3 + p * 0.1;
    data[i * 2 + 1] = p * 0.05;
    y[i] = c;
  }
  return { x: { data, rows, cols: 2 }, y };
}

describe('chooseKelm', () => {
  it('drops the C values whose system cannot be factorised and chooses among the rest', async () => {
    const sel = kelmSelectionSchema.parse({ C: [1, 1e12], sigmaScales: [0.5] });
    const choice = await chooseKelm(repeated(), sel, 0);
    expect(choice.C).toBe(1);
    expect(choice.largestC).toBe(1);
    expect(choice.validationAccuracy).toBe(1);
    expect(choiceParams(choice, 80, sel)).toMatchObject({ C: 1, 'C grid cut at': 1 });
    // A grid that factorises keeps every C and says nothing about cutting.
    const fine = await chooseKelm(repeated(), kelmSelectionSchema.parse({ C: [0.1, 1], sigmaScales: [0.5] }), 0);
    expect(fine.largestC).toBeUndefined();
  });
});
