import { describe, expect, it } from 'vitest';
import { resizeImage, rgbaToTensor, tensorToRgba, type ImageTensor } from './image.js';

describe('rgbaToTensor', () => {
  const rgba = { width: 2, height: 1, data: Uint8Array.of(255, 0, 0, 255, 0, 0, 255, 0) };

  it('gives RGB by default, compositing transparency over white', () => {
    const t = rgbaToTensor(rgba);
    expect(t.channels).toBe(3);
    expect(Array.from(t.data)).toEqual([1, 0, 0, 1, 1, 1]);
  });

  it('converts to grey with Rec. 601 weights and can invert', () => {
    expect(rgbaToTensor(rgba, { channels: 1 }).data[0]).toBeCloseTo(0.299, 6);
    expect(rgbaToTensor(rgba, { channels: 1, invert: true }).data[0]).toBeCloseTo(0.701, 6);
  });

  it('keeps alpha for 4 channels (and does not invert it)', () => {
    const t = rgbaToTensor(rgba, { channels: 4, invert: true });
    expect(Array.from(t.data.subarray(4, 8))).toEqual([1, 1, 0, 0]);
  });

  it('rejects data of the wrong length', () => {
    expect(() => rgbaToTensor({ width: 2, height: 2, data: new Uint8Array(4) })).toThrow(/16|4 values/);
  });
});

describe('tensorToRgba', () => {
  it('clamps, rounds and replicates grey', () => {
    const out = tensorToRgba({ width: 2, height: 1, channels: 1, data: Float32Array.of(-0.5, 0.5) });
    expect(Array.from(out.data)).toEqual([0, 0, 0, 255, 128, 128, 128, 255]);
  });

  it('round-trips RGB bytes', () => {
    const bytes = Uint8Array.of(10, 20, 30, 255, 200, 100, 0, 255);
    expect(Array.from(tensorToRgba(rgbaToTensor({ width: 2, height: 1, data: bytes })).data)).toEqual(Array.from(bytes));
  });
});

describe('resizeImage', () => {
  it('averages 2x2 blocks when halving', () => {
    const img: ImageTensor = { width: 4, height: 2, channels: 1, data: Float32Array.of(0, 1, 0.5, 0.5, 1, 0, 0.25, 0.75) };
    expect(Array.from(resizeImage(img, 2, 1).data)).toEqual([0.5, 0.5]);
  });

  it('weights partly covered pixels by area (3 -> 2)', () => {
    const img: ImageTensor = { width: 3, height: 1, channels: 1, data: Float32Array.of(0, 0.3, 0.9) };
    // Output pixel 0 covers input [0, 1.5): (1 * 0 + 0.5 * 0.3) / 1.5; pixel 1 covers [1.5, 3): (0.5 * 0.3 + 0.9) / 1.5.
    const out = resizeImage(img, 2, 1).data;
    expect(out[0]).toBeCloseTo(0.1, 6);
    expect(out[1]).toBeCloseTo(0.7, 6);
  });

  it('interpolates bilinearly when enlarging', () => {
    const img: ImageTensor = { width: 2, height: 1, channels: 1, data: Float32Array.of(0, 1) };
    // Output centres at 0.25, 0.75, 1.25, 1.75 in input pixels -> sample positions -0.25 (clamped), 0.25, 0.75, 1.25 (clamped).
    expect(Array.from(resizeImage(img, 4, 1).data)).toEqual([0, 0.25, 0.75, 1]);
  });
});
