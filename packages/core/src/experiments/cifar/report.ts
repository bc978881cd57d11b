import { toBase64 } from '../ddae/base64.js';
import { escapeHtml, pngSize } from '../ddae/report-html.js';
import type { ReportTable, RunFacts } from '../experiment.js';
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

function environmentRows(run: RunFacts): string[][] {
  return [
    ['status', run.status],
    ['command', run.command],
    ['started', run.startedAt],
    ['wall time', `${run.totalSeconds.toFixed(1)} s`],
    ['backend', run.backend.note ? `${run.backend.name} (${run.backend.note})` : run.backend.name],
    ['host', `${run.host.platform}, ${run.host.cpus} × ${run.host.cpuModel}`],
    ...Object.entries(run.versions),
  ];
}

const INTRO =
  "The document's 1,495-parameter convolutional autoencoder (Conv 3→16, ReLU, max-pool, Conv 16→4, ReLU, max-pool, " +
  'ConvTranspose 4→16, ReLU, ConvTranspose 16→3, sigmoid) trained by its recipe: binary cross-entropy, Adam with learning rate 0.001, batches of 128.';

function mdTable(t: Pick<ReportTable, 'columns' | 'rows'>): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(t.columns), line(t.columns.map(() => '---')), ...t.rows.map(line)].join('\n');
}

export function cifarMarkdown(input: CifarReportInput): string {
  const { results, result, run } = input;
  const out = [`# CIFAR-10 convolutional autoencoder (${results.recipe.mode}${run.status === 'succeeded' ? '' : `, ${run.status}`})`, '', INTRO, ''];
  const comparison = comparisonTable(results);
  out.push(`## ${comparison.title}`, '', mdTable(comparison), '');
  if (result) {
    out.push('## Figures', '');
    for (const f of result.figures) out.push(`**${f.title}.** ${f.caption}`, '', `![${f.title}](${f.file})`, '');
    out.push(`Every iteration's loss and time: \`${result.curveFile}\`. The trained model: \`${result.modelDir}/\` (apply it with \`aelab apply --model DIR IMAGE\`).`, '');
  }
  const epochs = epochTable(results);
  if (epochs.rows.length > 0) out.push(`## ${epochs.title}`, '', mdTable(epochs), '');
  out.push('## Data', '', ...dataLines(input).map((l) => `- ${l}`), '');
  if (run.notes.length > 0) out.push('## Notes', '', ...run.notes.map((n) => `- ${n}`), '');
  out.push('## Environment', '', mdTable({ columns: ['', ''], rows: environmentRows(run) }), '');
  out.push('## Recipe', '', '```json', JSON.stringify(results.recipe, null, 2), '```', '');
  return out.join('\n');
}

const STYLE = `
body{font:15px/1.45 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{margin-top:1.8em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.6em 0}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right}
th{background:#f3f3f3}td:first-child,th:first-child,td:last-child{text-align:left}
.warn{background:#fff4d6;padding:.5em 1em;border-left:4px solid #e0a800}
figure{display:inline-block;margin:.5em 1em .5em 0;vertical-align:top;max-width:660px}figcaption{font-size:.9em;color:#444}
img{border:1px solid #ddd;max-width:100%;height:auto}img.pixels{image-rendering:pixelated}pre{background:#f7f7f7;padding:1em;overflow:auto;font-size:.85em}
`;

function htmlTable(t: Pick<ReportTable, 'columns' | 'rows'>): string {
  const head = `<tr>${t.columns.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const body = t.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead>${head}</thead><tbody>\n${body}\n</tbody></table>`;
}

/** report.html: self-contained (figures inlined), the same content as report.md. */
export function cifarHtml(input: CifarReportInput): string {
  const { results, result, run, images } = input;
  const parts = [`<h1>CIFAR-10 convolutional autoencoder (${escapeHtml(results.recipe.mode)})</h1>`, `<p>${escapeHtml(INTRO)}</p>`];
  if (run.status !== 'succeeded') parts.push(`<p class="warn">This run is <b>${escapeHtml(run.status)}</b>: it has no finished training yet.</p>`);
  const comparison = comparisonTable(results);
  parts.push(`<h2>${escapeHtml(comparison.title)}</h2>${htmlTable(comparison)}`);
  if (result) {
    parts.push('<h2>Figures</h2>');
    for (const f of result.figures) {
      const bytes = images.get(f.file);
      const size = bytes ? pngSize(bytes) : null;
      // The image grid is 32-pixel pictures: shown at three times their size with sharp pixels.
      const zoom = f.id === 'reconstructions' ? 3 : 1;
      const dims = size ? ` width="${size.width * zoom}" height="${size.height * zoom}"` : '';
      const img = bytes
        ? `<img${zoom > 1 ? ' class="pixels"' : ''} alt="${escapeHtml(f.title)}"${dims} src="data:image/png;base64,${toBase64(bytes)}">`
        : `<i>(missing ${escapeHtml(f.file)})</i>`;
      parts.push(`<figure>${img}<figcaption><b>${escapeHtml(f.title)}.</b> ${escapeHtml(f.caption)}</figcaption></figure>`);
    }
    parts.push(`<p>Every iteration's loss and time: <code>${escapeHtml(result.curveFile)}</code>. The trained model: <code>${escapeHtml(result.modelDir)}/</code> (apply it with <code>aelab apply --model DIR IMAGE</code>).</p>`);
  }
  const epochs = epochTable(results);
  if (epochs.rows.length > 0) parts.push(`<h2>${escapeHtml(epochs.title)}</h2>${htmlTable(epochs)}`);
  parts.push(`<h2>Data</h2><ul>${dataLines(input).map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`);
  if (run.notes.length > 0) parts.push(`<h2>Notes</h2><ul>${run.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`);
  parts.push(`<h2>Environment</h2>${htmlTable({ columns: ['', ''], rows: environmentRows(run) })}`);
  parts.push(`<h2>Recipe</h2><pre>${escapeHtml(JSON.stringify(results.recipe, null, 2))}</pre>`);
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>CIFAR-10 convolutional autoencoder</title><style>${STYLE}</style></head>\n<body>\n${parts.join('\n')}\n</body></html>\n`;
}
