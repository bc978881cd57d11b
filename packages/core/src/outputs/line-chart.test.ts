import { describe, expect, it } from 'vitest';
import { lineChart, niceTicks } from './line-chart.js';
import { stackImages } from './stack-images.js';

const isColour = (img: { data: Uint8Array }, at: number, rgb: number[]): boolean => rgb.every((v, i) => img.data[at * 4 + i] === v);

describe('lineChart', () => {
  it('draws the series in its colour, rising left to right for a rising line', () => {
    const img = lineChart([{ x: [0, 10], y: [0, 1], color: [255, 0, 0] }], { width: 200, height: 120 });
    expect([img.width, img.height]).toEqual([200, 120]);
    const red: { x: number; y: number }[] = [];
    for (let p = 0; p < img.width * img.height; p++) if (isColour(img, p, [255, 0, 0])) red.push({ x: p % img.width, y: Math.floor(p / img.width) });
    expect(red.length).toBeGreaterThan(50);
    const leftmost = red.reduce((a, b) => (b.x < a.x ? b : a));
    const rightmost = red.reduce((a, b) => (b.x > a.x ? b : a));
    // Image rows grow downwards: the right end of a rising line is higher up.
    expect(rightmost.y).toBeLessThan(leftmost.y);
  });

  it('leaves points outside the x range out', () => {
    const img = lineChart([{ x: [0, 1, 2, 3], y: [1, 1, 1, 1], color: [0, 0, 255] }], { xRange: [10, 20], width: 100, height: 80 });
    let blue = 0;
    for (let p = 0; p < img.width * img.height; p++) if (isColour(img, p, [0, 0, 255])) blue++;
    expect(blue).toBe(0);
  });

  it('rejects series whose x and y differ in length', () => {
    expect(() => lineChart([{ x: [0, 1], y: [0], color: [0, 0, 0] }])).toThrow(/as many x as y/);
  });
});

describe('niceTicks', () => {
  it('steps by 1, 2 or 5 times a power of ten', () => {
    expect(niceTicks(0, 500, 5)).toEqual([0, 100, 200, 300, 400, 500]);
    expect(niceTicks(0.55, 0.7, 5)).toEqual([0.55, 0.6, 0.65, 0.7]);
  });
});

describe('stackImages', () => {
  it('puts images one below another', () => {
    const a = { width: 2, height: 1, data: new Uint8Array([1, 1, 1, 255, 2, 2, 2, 255]) };
    const b = { width: 1, height: 1, data: new Uint8Array([3, 3, 3, 255]) };
    const s = stackImages([a, b]);
    expect([s.width, s.height]).toEqual([2, 2]);
    expect([...s.data.subarray(8, 12)]).toEqual([3, 3, 3, 255]);
    expect([...s.data.subarray(12, 16)]).toEqual([128, 128, 128, 255]);
  });
});
