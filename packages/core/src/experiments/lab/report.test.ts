import { describe, expect, it } from 'vitest';
import type { FinishedJob } from '../experiment.js';
import { pngHeader, testRunFacts } from '../testing.js';
import { labOptionsSchema, resolveLabRecipe } from './definition.js';
import { renderLabReport } from './report.js';
import { labResults } from './results.js';
import type { LabJobResult } from './run-job.js';
import type { SingleOutcome } from './single.js';
import { labVerdicts } from './verdicts.js';

const recipe = resolveLabRecipe(labOptionsSchema.parse({ quick: true, seeds: 3, layouts: ['256-256', 'none'], activations: ['relu'] }));
const data = { source: 'generated digits', embedded: false, trainCount: 800, validationCount: 200, testCount: 2000, warnings: [] };

function single(sparseness: number): SingleOutcome {
  return {
    curve: [
      { epoch: 1, train: 0.06, validation: 0.05 },
      { epoch: 2, train: 0.04, validation: 0.035 },
    ],
    epochs: 2,
    stopReason: 'max-epochs',
    trainMse: 0.04,
    validationMse: 0.035,
    testMse: 0.036,
    sparseness: { sparseness, threshold: 0.05, exactZeros: sparseness, deadUnits: 0.1, meanActivation: 0.2, byThreshold: {} },
  };
}

function stack(layout: string, activation: 'relu' | 'none', seed: number, testAccuracy: number): LabJobResult {
  const outcome = { testAccuracy, validationAccuracy: testAccuracy, trainAccuracy: 0.99, pretrainEpochs: layout === 'none' ? [] : [2, 2], fineTuneEpochs: 4, fineTuneCurve: [] };
  const figures = seed === 0 && layout !== 'none' ? [{ file: `figures/stack-relu-${layout}-layer1.png`, title: `${layout} relu, hidden layer 1`, figure: 'stack-weights' }] : [];
  return { kind: 'stack', layout, activation, seed, outcome, seconds: 3, figures };
}

// 256-256 ReLU at 93.70 ± 0.60% over 3 seeds (standard error 0.35) against the report's 94: below, within.
const results: LabJobResult[] = [
  {
    kind: 'under',
    units: 128,
    activation: 'relu',
    outcome: single(0.4),
    figures: [
      { file: 'figures/under-relu-128-reconstructions.png', title: '784-128-784, relu: test digits (top) and reconstructions (bottom)', figure: 'reconstructions-under' },
      { file: 'figures/under-relu-128-curve.svg', title: '784-128-784, relu', figure: 'curve' },
    ],
  },
  {
    kind: 'under',
    units: 256,
    activation: 'relu',
    outcome: single(0.5),
    figures: [{ file: 'figures/under-relu-256-reconstructions.png', title: '784-256-784, relu: test digits (top) and reconstructions (bottom)', figure: 'reconstructions-under' }],
  },
  { kind: 'over', activation: 'relu', regularisation: 'L1', form: 'activity', parameter: 1e-5, outcome: single(0.97), figures: [] },
  { kind: 'tiles', units: 100, outcome: single(0.5), figures: [{ file: 'figures/tiles-100.png', title: 'Encoder weights of each of the 100 hidden units', figure: 'tiles' }] },
  stack('256-256', 'relu', 0, 0.937),
  stack('256-256', 'relu', 1, 0.943),
  stack('256-256', 'relu', 2, 0.931),
  stack('none', 'none', 0, 0.9),
];
const finished: FinishedJob<LabJobResult>[] = results.map((result, i) => ({ job: { key: `job${i}`, title: `job ${i}`, cost: 1, meta: {} }, result, seconds: 3 }));
const doc = labResults(finished, recipe, data);
const images = new Map(results.flatMap((r) => r.figures).filter((f) => f.file.endsWith('.png')).map((f) => [f.file, pngHeader(870, 174)]));
const { html, markdown } = renderLabReport(doc, results, testRunFacts({ command: 'aelab reproduce lab --quick' }), images);

describe('the lab report', () => {
  it("words Table 2 against the report's numbers: below it and within one standard error where it is", () => {
    const verdicts = labVerdicts(doc);
    expect(verdicts).toContain("Best ReLU stack: 256-256 relu: 93.7 ± 0.6% over 3 seeds; the report's 94.0: 0.3 below the report, within one standard error (0.3) (the report's best ReLU rows: 94%).");
    expect(verdicts).toContain("No hidden layer (softmax on pixels): 90.0% over 1 seed; the report's 89.5: 0.5 above the report (one run: no standard error).");
    expect(verdicts).toContain('Table 2 against the report, row by row: 1 of 2 above it, 0 equal, 1 below; 1 of the 1 rows with several seeds within one standard error of it.');
    expect(html).toMatch(/<ul class="headline">.*0\.3 below the report, within one standard error \(0\.3\)/);
    expect(markdown).toContain('- Best ReLU stack: 256-256 relu: 93.7 ± 0.6% over 3 seeds');
  });

  it('puts the reconstructions of part 1 in one grid and the weight tiles and stack weights in theirs', () => {
    const grids = [...html.matchAll(/<div class="figure-grid">([^]*?)<\/div>/g)].map((m) => m[1]!);
    expect(grids).toHaveLength(3);
    expect(grids[0]!.match(/<figure>/g)).toHaveLength(2);
    expect(grids[0]).toContain('<img class="pixels" alt="784-128-784, relu: test digits (top) and reconstructions (bottom)" width="870" height="174"');
    expect(grids[1]).toContain('Encoder weights of each of the 100 hidden units');
    expect(grids[2]).toContain('256-256 relu, hidden layer 1');
    // The curve's SVG file is drawn inline as a chart, not as a figure.
    expect(html).not.toContain('alt="784-128-784, relu"');
  });

  it('charts the curves, Table 1 and Table 2 against the report inline, with sentences in markdown instead', () => {
    const charts = [...html.matchAll(/<div class="chart">(<svg[^]*?<\/svg>)<\/div>/g)].map((m) => m[1]!);
    const titles = charts.map((c) => /<text x="[\d.]+" y="16" font-size="13">([^<]*)<\/text>/.exec(c)?.[1]);
    expect(titles).toEqual([
      'Fig. 1: training error, relu',
      'Fig. 1: validation error, relu',
      'Fig. 3: training error, relu',
      'Fig. 4: validation error, relu',
      'Table 1: sparseness against the report (penalty on activity)',
      'Table 2, relu stacks: test accuracy against the report',
      'Table 2, no hidden layer: test accuracy against the report',
    ]);
    expect(markdown).toContain('- 128 units: training MSE 0.0400 at epoch 2');
    expect(markdown).toContain('- ReLU L1 1e-5: 97.0% sparse, the report 99%');
    expect(markdown).toContain("- 256-256 relu: 93.7 ± 0.6% over 3 seeds; the report's 94.0: 0.3 below the report, within one standard error (0.3)");
  });

  it('keeps numeric cells on one line and folds the recipe away', () => {
    expect(html).toContain('<td class="num">256-256</td><td>relu</td><td class="num">0.937 ± 0.006</td><td class="num">0.940</td><td class="num">−0.003</td>');
    expect(html).toMatch(/<details><summary>The resolved recipe \(JSON\)<\/summary><pre>\{\n {2}&quot;mode&quot;: &quot;quick&quot;/);
    expect(markdown).toContain('| 256-256 | relu | 0.937 ± 0.006 | 0.940 | −0.003 |');
    expect(html).not.toMatch(/src="(?!data:)|href=/);
  });
});
