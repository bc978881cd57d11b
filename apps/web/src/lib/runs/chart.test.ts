import { describe, expect, it } from 'vitest';
import { chartScales, drawable, linePath, logTicks, nearest } from './chart.js';

const box = { left: 50, top: 10, width: 200, height: 100 };

describe('chartScales', () => {
  it('maps the data range onto the box, with a little room above and below', () => {
    const s = chartScales([[{ x: 1, y: 0 }, { x: 11, y: 10 }]], box, false)!;
    expect(s.x(1)).toBe(50);
    expect(s.x(11)).toBe(250);
    // 6% padding: 10 units span 112% of the height.
    expect(s.y(5)).toBeCloseTo(60, 9);
    expect(s.y(10)).toBeCloseTo(10 + (0.6 / 11.2) * 100, 9);
    expect(s.xTicks.every((t) => Number.isInteger(t) && t >= 1 && t <= 11)).toBe(true);
  });

  it('uses log10 on a log scale and leaves out values it cannot draw', () => {
    const s = chartScales([[{ x: 1, y: 1 }, { x: 2, y: 0 }, { x: 3, y: 0.01 }]], box, true)!;
    expect(s.y0).toBeCloseTo(-2 - 0.12, 9);
    expect(s.y1).toBeCloseTo(0.12, 9);
    expect(s.yTicks).toEqual([0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1]);
    expect(drawable([{ x: 1, y: 0 }, { x: 2, y: -1 }, { x: 3, y: 2 }], true)).toEqual([{ x: 3, y: 2 }]);
  });

  it('has nothing to draw without points, and widens a single point', () => {
    expect(chartScales([[]], box, false)).toBeNull();
    const s = chartScales([[{ x: 4, y: 2 }]], box, false)!;
    expect([s.x0, s.x1]).toEqual([4, 5]);
    expect(s.y1 - s.y0).toBeGreaterThan(0);
  });
});

describe('logTicks', () => {
  it('uses 1-2-5 decades on wide ranges and round values on narrow ones', () => {
    expect(logTicks(-3, 0)).toEqual([0.001, 0.01, 0.1, 1]);
    expect(logTicks(-1.5, 0)).toEqual([0.05, 0.1, 0.2, 0.5, 1]);
    expect(logTicks(-1, 0)).toEqual([0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    const narrow = logTicks(Math.log10(0.4), Math.log10(0.45));
    expect(narrow.length).toBeGreaterThanOrEqual(2);
    expect(narrow.every((v) => v >= 0.4 && v <= 0.45)).toBe(true);
  });
});

describe('linePath', () => {
  it('draws through every point, lifting the pen over gaps', () => {
    const pts = [
      { x: 1, y: 1 },
      { x: 2, y: 0 },
      { x: 3, y: 1 },
    ];
    const s = chartScales([pts], box, true)!;
    expect(linePath(pts, s, true, 200)).toBe(`M50.0,${s.y(1).toFixed(1)}M250.0,${s.y(1).toFixed(1)}`);
    expect(linePath(pts, chartScales([pts], box, false)!, false, 200).match(/[ML]/g)).toEqual(['M', 'L', 'L']);
  });

  it('thins long curves to about two points per pixel, always keeping the last', () => {
    const pts = Array.from({ length: 1000 }, (_, i) => ({ x: i + 1, y: 1 / (i + 1) }));
    const d = linePath(pts, chartScales([pts], box, true)!, true, 100);
    const count = d.match(/[ML]/g)!.length;
    expect(count).toBeLessThanOrEqual(201);
    expect(d.endsWith(`${(250).toFixed(1)},${chartScales([pts], box, true)!.y(0.001).toFixed(1)}`)).toBe(true);
  });
});

describe('nearest', () => {
  it('finds the point closest to an x', () => {
    expect(nearest([{ x: 1, y: 5 }, { x: 4, y: 6 }], 3)).toEqual({ x: 4, y: 6 });
    expect(nearest([], 3)).toBeNull();
  });
});
