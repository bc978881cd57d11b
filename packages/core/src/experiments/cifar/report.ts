import type { ReportTable, RunFacts } from '../experiment.js';
import { compareWithReference } from '../report/compare.js';
import { svgLineChart } from '../report/line-chart-svg.js';
import { closingBlocks, renderPage, type ReportBlock, type ReportPage } from '../report/page.js';
import type { CifarRecipe } from './definition.js';
import { CIFAR_PAPER, PAPER_SECONDS_PER_EPOCH } from './paper.js';
import type { CifarData, CifarJobResult } from './train-job.js';

/** results.json: the issue's four fields first, then the rest of the run's numbers and the document's. */
export interface CifarResults {
  testLoss: number | null;
  finalTrainLoss: number | null;
  iterations: number;
  secondsPerEpoch: number | null;
  epochs: number;
  trainImages: number;
  testImages: number;
  testImagesAvailable: number;
  initialLoss: number | null;
  lossNear300: number | null;
  lossNear2500: number | null;
  lastIterationLoss: number | null;
  minLoss: { value: number; iteration: number } | null;
  trainSeconds: number | null;
  perEpoch: CifarJobResult['perEpoch'];
  recipe: CifarRecipe;
  paper: typeof CIFAR_PAPER & { secondsPerEpoch: number };
}

export function cifarResults(result: CifarJobResult | null, recipe: CifarRecipe, data: CifarData['info']): CifarResults {
  return {
    testLoss: result?.testLoss ?? null,
    finalTrainLoss: result?.finalTrainLoss ?? null,
    iterations: result?.iterations ?? 0,
    secondsPerEpoch: result?.secondsPerEpoch ?? null,
    epochs: result?.epochs ?? 0,
    trainImages: data.trainCount,
    testImages: data.testCount,
    testImagesAvailable: data.testAvailable,
    initialLoss: result?.initialLoss ?? null,
    lossNear300: result?.lossNear300 ?? null,
    lossNear2500: result?.lossNear2500 ?? null,
    lastIterationLoss: result?.lastIterationLoss ?? null,
    minLoss: result?.minLoss ?? null,
    trainSeconds: result?.trainSeconds ?? null,
    perEpoch: result?.perEpoch ?? [],
    recipe,
    paper: { ...CIFAR_PAPER, secondsPerEpoch: PAPER_SECONDS_PER_EPOCH },
  };
}

const num = (v: number | null | undefined, digits = 4): string => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits));
const count = (v: number): string => v.toLocaleString('en-US');

/** The side-by-side table: each of the document's figures, this run's counterpart, and how ours was measured. */
export function comparisonTable(r: CifarResults): ReportTable {
  const p = CIFAR_PAPER;
  const rows: string[][] = [
    ['training images', count(p.trainImages), count(r.trainImages), r.trainImages < p.trainImages ? 'a seeded stratified subset' : 'all'],
    ['test images', '— (not reported)', count(r.testImages), r.testImages === r.testImagesAvailable ? `every test image the data holds (${count(r.testImagesAvailable)})` : `of ${count(r.testImagesAvailable)} available`],
    ['epochs', String(p.epochs), String(r.epochs), `${r.recipe.mode} recipe`],
    ['iterations (batches of 128)', count(p.iterations), count(r.iterations), ''],
    ['BCE, first iteration', num(p.initialLoss, 3), num(r.initialLoss), 'one mini-batch, before any update'],
    ['BCE near iteration 300', num(p.lossNear300, 3), num(r.lossNear300), 'mean of iterations 291-310'],
    ['BCE near iteration 2,500', num(p.lossNear2500, 3), num(r.lossNear2500), 'mean of iterations 2,491-2,510'],
    ['BCE, last iteration', num(p.finalLoss, 3), num(r.lastIterationLoss), 'one mini-batch'],
    ['BCE, last epoch (mean)', '—', num(r.finalTrainLoss), 'finalTrainLoss'],
    [
      'lowest iteration BCE',
      `${num(p.minLoss, 5)} at ${count(p.minLossIteration)}`,
      r.minLoss ? `${num(r.minLoss.value, 5)} at ${count(r.minLoss.iteration)}` : '—',
      'a single mini-batch: noisy',
    ],
    ['test BCE', '—', num(r.testLoss), 'testLoss, after the last epoch'],
    ['training time (s)', num(p.trainSeconds, 1), num(r.trainSeconds, 1), 'optimiser steps only; the document ran on its own machine'],
    ['seconds per epoch', num(PAPER_SECONDS_PER_EPOCH, 2), num(r.secondsPerEpoch, 2), `this machine, ${count(r.trainImages)} images per epoch`],
    [
      'training images per second',
      count(Math.round((p.trainImages * p.epochs) / p.trainSeconds)),
      r.secondsPerEpoch ? count(Math.round(r.trainImages / r.secondsPerEpoch)) : '—',
      'the document likely used a GPU (its code picks CUDA when present)',
    ],
  ];
  return { id: 'comparison', title: "The document's numbers beside this run's", columns: ['', 'document', 'this run', 'note'], rows };
}

export function epochTable(r: CifarResults): ReportTable {
  return {
    id: 'epochs',
    title: 'Training and test BCE per epoch',
    columns: ['epoch', 'training BCE (mean)', 'test BCE', 'seconds'],
    rows: r.perEpoch.map((e) => [String(e.epoch), num(e.trainLoss), num(e.testLoss), num(e.seconds, 2)]),
  };
}

export interface CifarReportInput {
  results: CifarResults;
  result: CifarJobResult | null;
  data: CifarData['info'];
  run: RunFacts;
  images: ReadonlyMap<string, Uint8Array>;
}

function dataLines(input: CifarReportInput): string[] {
  const { data } = input;
  const lines = [
    `CIFAR-10 from ${data.source}: ${count(data.trainCount)} training images, ${count(data.testCount)} test images, scaled to [0, 1], reshuffled every epoch (seed ${input.results.recipe.seed}).`,
  ];
  if (data.testCount === data.testAvailable && data.testAvailable < 10_000) {
    lines.push(`The test BCE uses every test image the data holds: ${count(data.testAvailable)} of CIFAR-10's 10,000 (a full download has them all).`);
  }
  return [...lines, ...data.warnings.map((w) => `warning: ${w}`)];
}

const INTRO =
  "The document's 1,495-parameter convolutional autoencoder (Conv 3→16, ReLU, max-pool, Conv 16→4, ReLU, max-pool, " +
  'ConvTranspose 4→16, ReLU, ConvTranspose 16→3, sigmoid) trained by its recipe: binary cross-entropy, Adam with learning rate 0.001, batches of 128.';

/**
 * The headline: the test BCE against the document's 0.574. The document gives no test loss, only its last training
 * mini-batch's BCE, the nearest figure it has; one training run has no standard error, and the sentence says so.
 */
export function cifarHeadline(r: CifarResults): string[] {
  const out: string[] = [];
  if (r.testLoss === null || !Number.isFinite(r.testLoss)) return ['No finished training yet: no test BCE to compare.'];
  const c = compareWithReference({ mean: r.testLoss, n: 1, reference: CIFAR_PAPER.finalLoss, referenceName: 'the document', digits: 3 });
  out.push(
    `Test BCE ${num(r.testLoss)} on ${count(r.testImages)} test images after ${r.epochs} epoch${r.epochs === 1 ? '' : 's'}, against the document's ` +
      `${num(CIFAR_PAPER.finalLoss, 3)} (its last training mini-batch; it reports no test BCE; lower is better): ${c.text}.`,
  );
  if (r.finalTrainLoss !== null && Number.isFinite(r.finalTrainLoss)) {
    const t = compareWithReference({ mean: r.finalTrainLoss, n: 1, reference: CIFAR_PAPER.finalLoss, referenceName: 'the document', digits: 3 });
    out.push(`Training BCE of the last epoch ${num(r.finalTrainLoss)}: ${t.text}.`);
  }
  if (r.epochs < CIFAR_PAPER.epochs || r.trainImages < CIFAR_PAPER.trainImages) {
    out.push(`This run trained ${r.epochs} of the document's ${CIFAR_PAPER.epochs} epochs on ${count(r.trainImages)} of its ${count(CIFAR_PAPER.trainImages)} images: expect a higher loss than the document's.`);
  }
  return out;
}

/** Per-epoch training and test BCE as an inline chart, the document's last figure as a dashed line for scale. */
function epochChart(r: CifarResults): ReportBlock[] {
  if (r.perEpoch.length === 0) return [];
  const epochs = r.perEpoch.map((e) => e.epoch);
  const title = 'Training and test BCE per epoch';
  const svg = svgLineChart(
    [
      { label: 'training BCE (epoch mean)', colour: '#1e50c8', points: r.perEpoch.map((e) => [e.epoch, e.trainLoss]) },
      { label: 'test BCE', colour: '#148c3c', points: r.perEpoch.map((e) => [e.epoch, e.testLoss]) },
      { label: "document's last batch", colour: '#c0392b', dashed: true, points: [[Math.min(...epochs), CIFAR_PAPER.finalLoss], [Math.max(...epochs), CIFAR_PAPER.finalLoss]] },
    ],
    { title, xLabel: 'epoch', yLabel: 'BCE', width: 640, height: 320 },
  );
  const last = r.perEpoch[r.perEpoch.length - 1]!;
  return [{ kind: 'charts', charts: [{ title, svg, lines: [`epoch ${last.epoch}: training ${num(last.trainLoss)}, test ${num(last.testLoss)}; the document's last mini-batch ${num(CIFAR_PAPER.finalLoss, 3)}`] }] }];
}

/** The CIFAR report as blocks: headline, the side-by-side numbers, curves and figures, the per-epoch table, data, run. */
export function cifarPage(input: CifarReportInput): ReportPage {
  const { results, result, run } = input;
  const blocks: ReportBlock[] = [{ kind: 'paragraph', text: INTRO }];
  if (run.status !== 'succeeded') blocks.push({ kind: 'warning', text: `This run is ${run.status}: it has no finished training yet.` });
  blocks.push({ kind: 'headline', items: cifarHeadline(results) });
  const comparison = comparisonTable(results);
  blocks.push({ kind: 'heading', text: comparison.title }, { kind: 'table', table: comparison });
  if (result) {
    blocks.push({ kind: 'heading', text: 'Figures' }, ...epochChart(results));
    // The reconstructions are pixel art, the loss charts are not.
    blocks.push({ kind: 'figures', figures: result.figures.map((f) => ({ file: f.file, title: f.title, caption: f.caption, pixels: f.id === 'reconstructions' })) });
    blocks.push({ kind: 'paragraph', text: `Every iteration's loss and time: \`${result.curveFile}\`. The trained model: \`${result.modelDir}/\` (apply it with \`aelab apply --model DIR IMAGE\`).` });
  }
  const epochs = epochTable(results);
  if (epochs.rows.length > 0) blocks.push({ kind: 'heading', text: epochs.title }, { kind: 'table', table: epochs });
  blocks.push({ kind: 'heading', text: 'Data' }, { kind: 'list', items: dataLines(input) });
  blocks.push(...closingBlocks(run, { summary: 'The resolved recipe (JSON)', value: results.recipe }));
  return { title: `CIFAR-10 convolutional autoencoder (${results.recipe.mode}${run.status === 'succeeded' ? '' : `, ${run.status}`})`, blocks };
}

/** report.md and report.html of a CIFAR run. */
export function renderCifarReport(input: CifarReportInput): { markdown: string; html: string } {
  return renderPage(cifarPage(input), input.images);
}
