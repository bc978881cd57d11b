import { describe, expect, it } from 'vitest';
import { pngHeader, testRunFacts } from '../testing.js';
import { resolveConfig } from './config.js';
import { renderDdaeReport } from './report.js';
import { FINAL_CANDIDATE, type AblationRecord } from './ablation.js';
import { resultsDocument, type RunInfo } from './results.js';
import { ddaeVerdicts, pct, points, resultTables } from './tables.js';
import type { ResultRow } from './types.js';

function info(): RunInfo {
  return {
    ...testRunFacts({ command: 'aelab reproduce ddae --quick', notes: ['a note'] }),
    experiment: 'ddae',
    datasets: [{ dataset: 'mnist', source: 'embedded digits <test>', trainCount: 6000, testCount: 1000, shape: [28, 28, 1], evaluation: 'test', warnings: [] }],
    skipped: [{ dataset: 'usps', reason: 'not found' }],
    selections: [{ dataset: 'mnist', model: 'DDAE', seed: 0, params: { C: 100, sigma: 5.123456 }, validationAccuracy: 0.97 }],
    figures: [{ file: 'figures/mnist-DDAE-weights.png', title: 'DDAE weights', dataset: 'mnist', model: 'DDAE', kind: 'weights' }],
    models: [],
  };
}

const rows: ResultRow[] = [
  { model: 'ELM', dataset: 'mnist', seed: 0, trainAccuracy: 0.999, testAccuracy: 0.92, seconds: 1 },
  { model: 'ELM', dataset: 'mnist', seed: 1, trainAccuracy: 0.998, testAccuracy: 0.93, seconds: 1 },
  { model: 'DDAE', dataset: 'mnist', seed: 0, trainAccuracy: 1, testAccuracy: 0.968, seconds: 100 },
  { model: 'DDAE', dataset: 'mnist', seed: 1, trainAccuracy: 1, testAccuracy: 0.964, seconds: 110 },
];

describe('formatting', () => {
  it('prints percentages and signed point gaps', () => {
    expect(pct(0.9631)).toBe('96.31');
    expect(pct(null)).toBe('—');
    expect(points(-0.0094)).toBe('−0.94');
    expect(points(0.001)).toBe('+0.10');
  });
});

describe('reports', () => {
  const config = resolveConfig('quick');
  const doc = resultsDocument(rows, config);

  it('builds one table per dataset with the paper side by side', () => {
    const [t] = resultTables(doc, info());
    expect(t?.title).toMatch(/MNIST/);
    expect(t?.rows.map((r) => r[0])).toEqual(['ELM', 'DDAE']);
    const ddae = t!.rows[1]!;
    expect(ddae[3]).toBe('96.60 ± 0.28');
    expect(ddae[6]).toBe('97.64');
    expect(ddae[8]).toBe('−1.04');
    expect(t!.rows[0]![6]).toBe('92.27 ± 0.52 (best 93.20)');
  });

  it('words DDAE against the paper and the reference by the standard error of the mean over seeds', () => {
    const [v] = ddaeVerdicts(doc, info());
    // 96.60 ± 0.28 over 2 seeds: standard error 0.2828 / sqrt(2) = 0.20.
    expect(v).toBe(
      "DDAE on MNIST (6,000 / 1,000): 96.60 ± 0.28% over 2 seeds; the paper's 97.64: 1.04 below the paper, more than one standard error (0.20) away; " +
        "the reference's 96.70: 0.10 below the reference, within one standard error (0.20).",
    );
  });

  it('renders markdown with the headline, tables, figures, selections and the config', () => {
    const md = renderDdaeReport(doc, info(), new Map()).markdown;
    expect(md).toMatch(/^# DDAE reproduction \(quick\)/);
    expect(md).toContain('- DDAE on MNIST (6,000 / 1,000): 96.60 ± 0.28% over 2 seeds');
    expect(md).toContain('| model | runs | train % | test % |');
    expect(md).toContain('![DDAE weights](figures/mnist-DDAE-weights.png)');
    expect(md).toContain('C 100, sigma 5.123');
    expect(md).toContain('usps: not found');
    expect(md).toMatch(/<details><summary>The resolved recipe \(JSON\)<\/summary>\n\n```json\n[^]*"mode": "quick"/);
    // The chart's sentences stand in for it.
    expect(md).toContain("- ELM: 92.50 ± 0.71% over 2 seeds; the paper's 92.27: 0.23 above the paper, within one standard error (0.50)");
  });

  it('renders self-contained HTML with the figure inlined and text escaped', () => {
    const png = new Uint8Array([137, 80, 78, 71]);
    const { html } = renderDdaeReport(doc, { ...info(), status: 'interrupted' }, new Map([['figures/mnist-DDAE-weights.png', png]]));
    expect(html).toContain('src="data:image/png;base64,iVBORw=="');
    expect(html).toContain('embedded digits &lt;test&gt;');
    expect(html).toContain('This run is interrupted');
    expect(html.match(/<table/g)?.length).toBeGreaterThanOrEqual(3);
    expect(html).not.toMatch(/src="(?!data:)/);
    expect(html).not.toMatch(/href=|@import|url\(/);
  });
});

describe('the DDAE report for people', () => {
  // USPS DDAE at 96.10 ± 0.40 over 3 seeds (standard error 0.23) against the paper's 96.31: below, within.
  const usps: ResultRow[] = [0.961, 0.965, 0.957].map((testAccuracy, seed) => ({ model: 'DDAE', dataset: 'usps', seed, trainAccuracy: 1, testAccuracy, seconds: 10 }));
  const faithful = resultsDocument([...rows, ...usps], resolveConfig('quick'));
  // Listed as the jobs finished, not in the paper's order.
  const figures: RunInfo['figures'] = (['DDAE', 'SAE', 'AE', 'DAE'] as const).flatMap((model) => [
    { file: `figures/mnist-${model}-weights.png`, title: `${model} weights`, dataset: 'mnist' as const, model, kind: 'weights' as const },
    { file: `figures/mnist-${model}-reconstruction.png`, title: `${model} reconstructions`, dataset: 'mnist' as const, model, kind: 'reconstruction' as const },
  ]);
  const withUsps = { ...info(), figures, datasets: [...info().datasets, { ...info().datasets[0]!, dataset: 'usps' as const, trainCount: 7291, testCount: 2007 }] };
  const images = new Map(figures.map((f) => [f.file, pngHeader(291, 31)]));
  const { html, markdown } = renderDdaeReport(faithful, withUsps, images);

  it('says "below" and "within one standard error" for a mean under the paper by less than its standard error', () => {
    const line = ddaeVerdicts(faithful, withUsps).find((v) => v.startsWith('DDAE on USPS'))!;
    expect(line).toContain("96.10 ± 0.40% over 3 seeds; the paper's 96.31: 0.21 below the paper, within one standard error (0.23)");
    expect(line).not.toMatch(/at or above/);
    expect(html).toMatch(/<ul class="headline">.*0\.21 below the paper, within one standard error \(0\.23\)/);
    expect(markdown).toContain('0.21 below the paper, within one standard error (0.23)');
  });

  it('shows the four weight maps side by side in one grid, and the four reconstructions in another', () => {
    const grids = [...html.matchAll(/<div class="figure-grid" style="--columns:2">([^]*?)<\/div>/g)].map((m) => m[1]!);
    expect(grids).toHaveLength(2);
    const [weights, reconstructions] = grids;
    expect(weights!.match(/<figure>/g)).toHaveLength(4);
    // In the paper's order, as its Fig. 3.5 shows them.
    expect([...weights!.matchAll(/<figcaption>(\w+) weights<\/figcaption>/g)].map((m) => m[1])).toEqual(['AE', 'SAE', 'DAE', 'DDAE']);
    expect(reconstructions!.match(/<figure>/g)).toHaveLength(4);
    // Shown at the size they were written (already enlarged for people), with sharp pixels if scaled.
    expect(weights).toContain('<img class="pixels" alt="AE weights" width="291" height="31" src="data:image/png;base64,');
  });

  it('keeps numbers on one line and the table in a scrolling box', () => {
    expect(html).toContain('<td class="num">96.10 ± 0.40</td>');
    expect(html).toContain('<th class="num">test %</th>');
    expect(html).toContain('<td>DDAE</td>');
    expect(html).toMatch(/td\.num,th\.num\{[^}]*white-space:nowrap/);
    expect(html).toMatch(/<div class="table-wrap"><table>/);
  });

  it('folds the config away in a <details> and draws each dataset against the paper as a chart', () => {
    expect(html).toMatch(/<details><summary>The resolved recipe \(JSON\)<\/summary><pre>\{[^<]*&quot;mode&quot;: &quot;quick&quot;/);
    const charts = [...html.matchAll(/<div class="chart"><svg[^]*?<\/svg><\/div>/g)].map((m) => m[0]);
    expect(charts).toHaveLength(2);
    // USPS: one row (DDAE), its dot and the paper's diamond; MNIST: ELM and DDAE.
    expect(charts[0]!.match(/class="ours"/g)).toHaveLength(1);
    expect(charts[1]!.match(/class="reference"/g)).toHaveLength(2);
  });
});

describe('the DDAE+ rows in the report', () => {
  // DDAE+ at 97.57 ± 0.21 over 3 seeds (standard error 0.12) against the paper's DDAE 97.64: below, within.
  const plus: ResultRow[] = [0.975, 0.978, 0.974].map((testAccuracy, seed) => ({ model: 'DDAE+', dataset: 'mnist', seed, trainAccuracy: 1, testAccuracy, seconds: 60 }));
  const ablation: AblationRecord[] = [0.975, 0.978, 0.974].flatMap((accuracy, seed) => [
    { dataset: 'mnist', candidate: 'base', description: 'the faithful stack', seed, evaluation: 'validation', accuracy: accuracy - 0.01, kelmValidationAccuracy: 0.96, seconds: 30 },
    { dataset: 'mnist', candidate: FINAL_CANDIDATE, description: 'the final recipe', seed, evaluation: 'test', accuracy, kelmValidationAccuracy: 0.97, seconds: 60 },
  ]);
  const doc = resultsDocument([...rows, ...plus], resolveConfig('quick'), ablation);
  const { html, markdown } = renderDdaeReport(doc, info(), new Map());

  it("words DDAE+ against the paper's DDAE by the same comparison, then judges the goal", () => {
    const line = ddaeVerdicts(doc, info()).find((v) => v.startsWith('DDAE+'))!;
    expect(line).toBe(
      "DDAE+ on MNIST (6,000 / 1,000): 97.57 ± 0.21% over 3 seeds; the paper's DDAE 97.64: 0.07 below the paper, within one standard error (0.12); goal not reached.",
    );
    expect(markdown).toContain(`- ${line}`);
  });

  it('draws DDAE+ in the chart against the paper and keeps the ablation table with numbers unwrapped', () => {
    expect(html).toMatch(/<text[^>]*>DDAE\+<\/text>/);
    expect(html).toContain("paper (DDAE+ rows: the paper's DDAE)");
    expect(html).toContain('<h2>Ablation of the improved recipe</h2>');
    expect(html).toContain('<td class="num">97.57 ± 0.12</td>');
    expect(markdown).toContain('| mnist | final (DDAE+) | the final recipe | test | 3 | 97.57 ± 0.12 |');
  });
});

