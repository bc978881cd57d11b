import { describe, expect, it } from 'vitest';
import { comparisonChart } from './comparison-chart.js';

/** The x of each mark of a class, in row order. */
function xs(svg: string, cls: 'ours' | 'reference'): number[] {
  const re = cls === 'ours' ? /class="ours" cx="([\d.]+)"/g : /class="reference" d="M([\d.]+),/g;
  return [...svg.matchAll(re)].map((m) => Number(m[1]));
}

describe('comparisonChart', () => {
  const svg = comparisonChart(
    [
      { label: 'ELM', mean: 93.13, std: 0.42, n: 10, reference: 92.27 },
      { label: 'KELM', mean: 96.2, std: 0, n: 1, reference: 95.8 },
      { label: 'DDAE+', mean: 97.53, std: 0.2, n: 3, reference: null },
    ],
    { title: 'MNIST <6,000>', referenceName: 'paper', axis: 'test accuracy %' },
  );

  it('draws a dot per row, a diamond where the reference has a figure, and a ± std bar only over several runs', () => {
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" role="img"/);
    expect(xs(svg, 'ours')).toHaveLength(3);
    expect(xs(svg, 'reference')).toHaveLength(2);
    expect(svg.match(/class="spread"/g)).toHaveLength(2);
    expect(svg).toContain('<title>MNIST &lt;6,000&gt;</title>');
    expect(svg).toContain('>93.13 ± 0.42 | 92.27</text>');
    expect(svg).toContain('>96.20 | 95.80</text>');
    expect(svg).toContain('>97.53 ± 0.20</text>');
  });

  it('places the marks on one axis: larger values further right, ours above the paper to its right', () => {
    const [elm, kelm, plus] = xs(svg, 'ours');
    const [elmPaper, kelmPaper] = xs(svg, 'reference');
    expect(elm!).toBeLessThan(kelm!);
    expect(kelm!).toBeLessThan(plus!);
    expect(elmPaper!).toBeLessThan(elm!);
    expect(kelmPaper!).toBeLessThan(kelm!);
    // The axis spans the spreads and references with a margin: nothing is drawn outside the plot (180..530).
    for (const x of [...xs(svg, 'ours'), ...xs(svg, 'reference')]) {
      expect(x).toBeGreaterThan(180);
      expect(x).toBeLessThan(530);
    }
  });

  it('copes with a single value', () => {
    const one = comparisonChart([{ label: 'a', mean: 0.5, std: null, n: 1, reference: 0.5 }], { title: 't', referenceName: 'doc', axis: 'BCE', digits: 3 });
    expect(xs(one, 'ours')[0]).toBeCloseTo(xs(one, 'reference')[0]!, 0);
    expect(one).not.toMatch(/NaN|Infinity/);
  });
});
