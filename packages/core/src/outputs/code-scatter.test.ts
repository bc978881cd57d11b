import { describe, expect, it } from 'vitest';
import { CLASS_COLOURS, codeScatter } from './code-scatter.js';

const rgb = (img: { width: number; data: Uint8Array }, x: number, y: number) => Array.from(img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 3));

describe('codeScatter', () => {
  it('maps the code range into the margins, y upwards, coloured by label', () => {
    // size 21, margin 4: span 12 pixels. (0, 0) -> x 4, y 16; (1, 2) -> x 16, y 4; (0.5, 1) -> x 10, y 10.
    const img = codeScatter(Float32Array.of(0, 0, 1, 2, 0.5, 1), Int32Array.of(0, 1, 12), 21, { radius: 0 });
    expect([img.width, img.height]).toEqual([21, 21]);
    expect(rgb(img, 4, 16)).toEqual([...CLASS_COLOURS[0]!]);
    expect(rgb(img, 16, 4)).toEqual([...CLASS_COLOURS[1]!]);
    expect(rgb(img, 10, 10)).toEqual([...CLASS_COLOURS[2]!]); // label 12 cycles to colour 2
    expect(rgb(img, 0, 0)).toEqual([255, 255, 255]);
  });

  it('draws squares of the given radius, grey without labels, and skips non-finite codes', () => {
    const img = codeScatter(Float32Array.of(0, 0, 1, 1, Number.NaN, 0.5), null, 21, { radius: 1 });
    expect(rgb(img, 3, 17)).toEqual([40, 40, 40]);
    expect(rgb(img, 5, 15)).toEqual([40, 40, 40]);
    expect(rgb(img, 6, 14)).toEqual([255, 255, 255]);
    let dark = 0;
    for (let i = 0; i < img.data.length; i += 4) if (img.data[i] === 40) dark++;
    expect(dark).toBe(18);
  });

  it('centres a constant axis', () => {
    const img = codeScatter(Float32Array.of(0.3, 0.3, 0.3, 0.3), [1, 1], 9, { radius: 0, margin: 1 });
    expect(rgb(img, 4, 4)).toEqual([...CLASS_COLOURS[1]!]);
  });

  it('rejects odd code arrays, label count mismatches and tiny sizes', () => {
    expect(() => codeScatter(new Float32Array(3), null, 32)).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
    expect(() => codeScatter(new Float32Array(4), [1], 32)).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
    expect(() => codeScatter(new Float32Array(4), null, 4)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
