import { describe, expect, it } from 'vitest';
import { svgLineChart } from './line-chart-svg.js';

describe('svgLineChart', () => {
  const opts = { title: 'loss <per epoch>', xLabel: 'epoch', yLabel: 'BCE' };

  it('draws each series as a path with its legend entry, dashed where asked', () => {
    const svg = svgLineChart(
      [
        { label: 'train', colour: '#111', points: [[1, 0.6], [2, 0.5], [3, 0.45]] },
        { label: 'doc', colour: '#c00', dashed: true, points: [[1, 0.574], [3, 0.574]] },
      ],
      opts,
    );
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(2); // the dashed path and its legend line
    expect(svg).toContain('>loss &lt;per epoch&gt;</text>');
    // Lower values sit lower on the page (larger y).
    const ys = /<path d="M[\d.]+,([\d.]+)L[\d.]+,([\d.]+)L[\d.]+,([\d.]+)"/.exec(svg)!.slice(1).map(Number);
    expect(ys[0]!).toBeLessThan(ys[1]!);
    expect(ys[1]!).toBeLessThan(ys[2]!);
  });

  it('marks a one-point series with a dot instead of drawing nothing', () => {
    const svg = svgLineChart([{ label: 'one epoch', colour: '#123456', points: [[1, 0.25]] }], opts);
    expect(svg).not.toContain('<path ');
    expect(svg).toMatch(/<circle cx="[\d.]+" cy="[\d.]+" r="3" fill="#123456"\/>/);
    expect(svg).not.toMatch(/NaN|Infinity/);
  });
});
