import { describe, expect, it } from 'vitest';
import { pngHeader, testRunFacts } from '../testing.js';
import { resolveCifarRecipe, cifarOptionsSchema } from './definition.js';
import { cifarHeadline, cifarResults, renderCifarReport } from './report.js';
import type { CifarJobResult } from './train-job.js';

const recipe = resolveCifarRecipe(cifarOptionsSchema.parse({ quick: true }));
const data = { source: 'generated', trainCount: 5120, testCount: 1000, testAvailable: 1000, warnings: [] };

/** A finished quick run whose test BCE, 0.5712, lands below the document's 0.574. */
function job(testLoss = 0.5712): CifarJobResult {
  const figure = (id: string, title: string) => ({ id, file: `figures/${id}.png`, title, caption: `${title} caption.` });
  return {
    iterations: 80,
    iterationsPerEpoch: 40,
    epochs: 2,
    initialLoss: 0.6961,
    lossNear300: null,
    lossNear2500: null,
    lastIterationLoss: 0.5801,
    minLoss: { value: 0.5702, iteration: 77 },
    finalTrainLoss: 0.5833,
    testLoss,
    trainSeconds: 12.5,
    secondsPerEpoch: 6.25,
    perEpoch: [
      { epoch: 1, trainLoss: 0.6123, testLoss: 0.5921, seconds: 6.2 },
      { epoch: 2, trainLoss: 0.5833, testLoss, seconds: 6.3 },
    ],
    figures: [figure('loss-0-500', 'Training BCE per iteration'), figure('loss-epochs', 'Training and test BCE per epoch'), figure('reconstructions', 'Test images and their reconstructions')],
    modelDir: 'model',
    curveFile: 'iterations.csv',
  };
}

function render(result: CifarJobResult | null, status: 'succeeded' | 'interrupted' = 'succeeded') {
  const results = cifarResults(result, recipe, data);
  const images = new Map((result?.figures ?? []).map((f) => [f.file, pngHeader(640, 360)]));
  return { results, ...renderCifarReport({ results, result, data, run: testRunFacts({ status, command: 'aelab reproduce cifar --quick' }), images }) };
}

describe('the CIFAR report', () => {
  it("words the test BCE against the document's 0.574: below it, and one run has no standard error", () => {
    const { results, html, markdown } = render(job());
    const [headline] = cifarHeadline(results);
    expect(headline).toBe(
      "Test BCE 0.5712 on 1,000 test images after 2 epochs, against the document's 0.574 (its last training mini-batch; it reports no test BCE; lower is better): " +
        '0.003 below the document (one run: no standard error).',
    );
    expect(html).toMatch(/<ul class="headline"><li>Test BCE 0\.5712 [^<]*0\.003 below the document/);
    expect(markdown).toContain(`- ${headline}`);
    // The quick run says it is not the document's recipe.
    expect(markdown).toContain("This run trained 2 of the document's 100 epochs on 5,120 of its 50,000 images");
    expect(cifarHeadline(render(job(0.6012)).results)[0]).toContain('0.027 above the document');
  });

  it('shows the figures in one grid, the reconstructions with sharp pixels, and an inline chart of the epochs', () => {
    const { html } = render(job());
    const grid = /<div class="figure-grid">([^]*?)<\/div>/.exec(html)![1]!;
    expect(grid.match(/<figure>/g)).toHaveLength(3);
    expect(grid).toContain('<img alt="Training BCE per iteration" width="640" height="360" src="data:image/png;base64,');
    expect(grid).toContain('<img class="pixels" alt="Test images and their reconstructions"');
    expect(grid).toContain('<figcaption><b>Training BCE per iteration.</b> Training BCE per iteration caption.</figcaption>');
    const chart = /<div class="chart">(<svg[^]*?<\/svg>)<\/div>/.exec(html)![1]!;
    expect(chart).toContain('test BCE');
    expect(chart).toContain('stroke-dasharray'); // the document's figure as a dashed line
    expect(html).not.toMatch(/src="(?!data:)|href=/);
  });

  it('keeps numeric cells on one line and folds the recipe away', () => {
    const { html, markdown } = render(job());
    expect(html).toContain('<td>training images</td><td class="num">50,000</td><td class="num">5,120</td>');
    expect(html).toContain('<td class="num">0.5712</td>');
    expect(html).toContain('<td class="num">— (not reported)</td>');
    expect(html).toMatch(/<details><summary>The resolved recipe \(JSON\)<\/summary><pre>\{\n {2}&quot;mode&quot;: &quot;quick&quot;/);
    expect(markdown).toContain('| training images | 50,000 | 5,120 | a seeded stratified subset |');
    expect(markdown).toContain('<details><summary>The resolved recipe (JSON)</summary>');
  });

  it('reports an unfinished run without figures or a comparison', () => {
    const { html, markdown } = render(null, 'interrupted');
    expect(markdown).toMatch(/^# CIFAR-10 convolutional autoencoder \(quick, interrupted\)/);
    expect(html).toContain('<p class="warn"><b>This run is interrupted: it has no finished training yet.</b></p>');
    expect(html).toContain('<li>No finished training yet: no test BCE to compare.</li>');
    expect(html).not.toContain('<div class="figure-grid"');
  });
});
