import { describe, expect, it } from 'vitest';
import { reconstructionStrip } from './reconstruction-strip.js';

const grey = (img: { width: number; data: Uint8Array }, x: number, y: number) => img.data[(y * img.width + x) * 4]!;

describe('reconstructionStrip', () => {
  it('puts originals on top and reconstructions below, clamped to [0, 1]', () => {
    // Three 1x2 samples; show the first two.
    const originals = Float32Array.of(0, 1, 0.5, 0.25, 9, 9);
    const recon = Float32Array.of(-1, 2, 0.2, 0.4, 9, 9);
    const img = reconstructionStrip(originals, recon, [1, 2], 2);
    // Width 2 * (2 + 1) + 1 = 7, height 2 * (1 + 1) + 1 = 5.
    expect([img.width, img.height]).toEqual([7, 5]);
    expect([grey(img, 1, 1), grey(img, 2, 1), grey(img, 4, 1), grey(img, 5, 1)]).toEqual([0, 255, 128, 64]);
    expect([grey(img, 1, 3), grey(img, 2, 3), grey(img, 4, 3), grey(img, 5, 3)]).toEqual([0, 255, 51, 102]);
    expect(grey(img, 0, 0)).toBe(128);
  });

  it('draws RGB samples', () => {
    const img = reconstructionStrip(Float32Array.of(1, 0, 0), Float32Array.of(0, 0, 1), [1, 1, 3], 1, { padding: 0 });
    expect(Array.from(img.data)).toEqual([255, 0, 0, 255, 0, 0, 255, 255]);
  });

  it('rejects too few samples and a bad n', () => {
    expect(() => reconstructionStrip(new Float32Array(4), new Float32Array(2), [1, 2], 2)).toThrow(/reconstructions hold 1 samples/);
    expect(() => reconstructionStrip(new Float32Array(4), new Float32Array(4), [1, 2], 0)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('reconstructionStrip for people', () => {
  it('can stretch each image to full contrast (faint reconstructions become readable)', () => {
    const originals = Float32Array.of(0, 1);
    const faint = Float32Array.of(0.4, 0.5);
    const plain = reconstructionStrip(originals, faint, [1, 2], 1, { padding: 0 });
    expect([grey(plain, 0, 1), grey(plain, 1, 1)]).toEqual([102, 128]);
    const stretched = reconstructionStrip(originals, faint, [1, 2], 1, { padding: 0, normalise: 'tile' });
    expect([grey(stretched, 0, 1), grey(stretched, 1, 1)]).toEqual([0, 255]);
    expect([grey(stretched, 0, 0), grey(stretched, 1, 0)]).toEqual([0, 255]);
    expect(() => reconstructionStrip(originals, faint, [1, 2], 1, { normalise: 'global' as never })).toThrow(/normalise must be/);
  });

  it('enlarges 16x16 digits 4 times with scale auto', () => {
    const x = new Float32Array(2 * 256).fill(0.5);
    const img = reconstructionStrip(x, x, [16, 16], 2, { scale: 'auto' });
    expect([img.width, img.height]).toEqual([(2 * 17 + 1) * 4, (2 * 17 + 1) * 4]);
  });
});
