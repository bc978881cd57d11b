import { toBase64 } from '../ddae/base64.js';
import { escapeHtml, pngSize } from '../ddae/report-html.js';
import { markdownTable } from '../ddae/report-md.js';
import { environmentPairs } from '../ddae/tables.js';
import type { ReportTable, RunFacts } from '../experiment.js';
import type { LabFigure } from './figures.js';
import type { LabJobResult } from './run-job.js';
import type { LabResults } from './results.js';
import { colourAt, lineChart, type Series } from './svg.js';
import { labVerdicts } from './verdicts.js';

/** One piece of the report; both renderers draw the same list, so report.md and report.html never disagree. */
type Block =
  | { type: 'h2'; text: string }
  | { type: 'p'; text: string }
  | { type: 'list'; items: string[] }
  | { type: 'table'; table: ReportTable }
  | { type: 'figures'; figures: LabFigure[] }
  | { type: 'chart'; svg: string; title: string }
  | { type: 'code'; text: string };

const num = (x: number | null, digits = 2) => (x === null || !Number.isFinite(x) ? '—' : x.toFixed(digits));
const acc = (x: number | null) => (x === null ? '—' : x.toFixed(3));

function lambdaText(p: number, reg: string): string {
  return reg === 'Gaussian noise' ? `σ = ${p}` : `λ = ${p.toExponential(0).replace('e-', 'e-')}`;
}

/** The report's tables as data (also the runner's live tables). */
export function labTables(doc: LabResults): ReportTable[] {
  const t = doc.tables;
  const tables: ReportTable[] = [];
  const sparse = (form: string) => t.sparsenessDetail.filter((r) => r.form === form || (r.form === null && form === doc.sparsenessForm.form));
  for (const form of [doc.sparsenessForm.form, doc.sparsenessForm.form === 'activity' ? 'weights' : 'activity']) {
    const rows = sparse(form);
    if (rows.every((r) => r.sparseness === null)) continue;
    tables.push({
      id: form === doc.sparsenessForm.form ? 'sparseness' : 'sparseness-other',
      title: `Table 1: sparseness of the 1,024-unit codes, L1/L2 penalty on ${form}${form === doc.sparsenessForm.form ? ' (the form that reproduces the report)' : ''}`,
      columns: ['activation', 'regularisation', 'parameter', 'sparseness', 'report', 'exact zeros', 'dead units', 'mean activation', 'validation MSE', 'epochs'],
      rows: rows.map((r) => [
        r.activation,
        r.regularisation,
        lambdaText(r.parameter, r.regularisation),
        num(r.sparseness),
        num(r.paper),
        num(r.exactZeros),
        num(r.deadUnits),
        num(r.meanActivation, 3),
        num(r.validationMse, 4),
        r.epochs === null ? '—' : String(r.epochs),
      ]),
    });
  }
  if (t.classificationDetail.length > 0) {
    tables.push({
      id: 'classification',
      title: 'Table 2: test accuracy of the stacked classifiers (2,000 test digits)',
      columns: ['hidden layout', 'activation', 'test accuracy', 'report', 'difference', 'validation accuracy', 'pretraining epochs', 'fine-tuning epochs', 'seconds / network', 'seeds'],
      rows: t.classificationDetail.map((r) => [
        r.layout === 'none' ? 'no hidden layer' : r.layout,
        r.activation,
        r.seeds.length > 1 ? `${acc(r.testAccuracy)} ± ${acc(r.testAccuracyStd)}` : acc(r.testAccuracy),
        acc(r.paper),
        r.paper === null ? '—' : `${r.testAccuracy - r.paper >= 0 ? '+' : '−'}${Math.abs(r.testAccuracy - r.paper).toFixed(3)}`,
        acc(r.validationAccuracy),
        r.pretrainEpochs.length === 0 ? '—' : r.pretrainEpochs.map((e) => e.toFixed(1).replace(/\.0$/, '')).join(' / '),
        r.epochs.toFixed(1).replace(/\.0$/, ''),
        r.seconds.toFixed(1),
        String(r.seeds.length),
      ]),
    });
  }
  if (t.under.length > 0) {
    tables.push({
      id: 'under',
      title: 'Part 1: under-complete models at the end of training (MSE per pixel)',
      columns: ['hidden units', 'activation', 'epochs', 'training MSE', 'validation MSE', 'test MSE', 'sparseness'],
      rows: t.under.map((r) => [String(r.units), r.activation, String(r.epochs), num(r.trainMse, 4), num(r.validationMse, 4), num(r.testMse, 4), num(r.sparseness)]),
    });
  }
  return tables;
}

/** Figures 1, 3 and 4: every model's curve of one group in one chart per activation. */
function curveCharts(results: LabJobResult[], kind: 'under' | 'over', which: 'train' | 'validation', title: string): Block[] {
  const blocks: Block[] = [];
  for (const activation of ['relu', 'sigmoid'] as const) {
    const group = results.filter((r) => r.kind === kind && r.activation === activation) as Extract<LabJobResult, { kind: 'under' | 'over' }>[];
    if (group.length === 0) continue;
    const series: Series[] = group.map((r, i) => ({
      label:
        r.kind === 'under' ? `${r.units} units` : r.regularisation === 'noise' ? `noise σ ${r.parameter}` : `${r.regularisation} ${r.form === 'activity' ? 'act.' : 'wts.'} ${r.parameter.toExponential(0)}`,
      colour: colourAt(i),
      dashed: r.kind === 'over' && r.form === 'weights',
      points: r.outcome.curve.filter((p) => (which === 'train' ? true : p.validation !== null)).map((p) => [p.epoch, which === 'train' ? p.train : p.validation!]),
    }));
    const t = `${title}, ${activation}`;
    blocks.push({ type: 'chart', title: t, svg: lineChart(series, { title: t, xLabel: 'epoch', yLabel: `${which} MSE per pixel`, width: 640, height: 320 }) });
  }
  return blocks;
}

function figuresOf(results: LabJobResult[], figure: string): LabFigure[] {
  return results.flatMap((r) => r.figures).filter((f) => f.figure === figure);
}

function blocks(doc: LabResults, results: LabJobResult[], run: RunFacts): Block[] {
  const out: Block[] = [];
  const tables = labTables(doc);
  const table = (id: string) => tables.find((t) => t.id === id);
  out.push({
    type: 'p',
    text:
      'Cedergren, Törnégren & Xiong, "Short report on lab assignment 4": autoencoders on binary MNIST in Keras, here in aelab. Our numbers stand beside the ' +
      "report's; where they differ the list below says so and what we think the reason is.",
  });
  if (run.status !== 'succeeded') out.push({ type: 'p', text: `This run is ${run.status}: the tables hold the networks finished so far.` });
  const verdicts = labVerdicts(doc);
  if (verdicts.length > 0) out.push({ type: 'list', items: verdicts });

  out.push({ type: 'h2', text: 'Data and recipe' });
  const r = doc.recipe;
  out.push({
    type: 'list',
    items: [
      `${doc.data.source}; binarised at pixel/255 > 0.5. ${doc.data.trainCount.toLocaleString('en-US')} training, ${doc.data.validationCount.toLocaleString('en-US')} validation (80/20 of the draw, stratified) and ${doc.data.testCount.toLocaleString('en-US')} test digits.`,
      `Every network: weights from N(0, ${r.sgd.initStd}), zero biases, SGD with learning rate ${r.sgd.learningRate} and momentum ${r.sgd.momentum}, batches of ${r.sgd.batchSize} (the report gives none; Keras' default), ` +
        `training stopped at the first epoch whose validation loss improves by less than ${r.earlyStopping.minDelta} (Keras EarlyStopping, patience 0).`,
      `Autoencoders: sigmoid output, mean squared error. Caps: ${r.under.maxEpochs} epochs (part 1), ${r.over.maxEpochs} (part 2), ${r.stacks.pretrainMaxEpochs} per pretraining level and ${r.stacks.fineTuneMaxEpochs} of fine-tuning (part 3).`,
      `Sparseness: ${doc.sparsenessDefinition}. Measured on the validation digits, in inference mode (no noise).`,
      `Penalties (both forms run): activity — λ·Σ|h| or λ·Σh² over the code units${r.over.activityBatchSum ? ` and over the batch's ${r.sgd.batchSize} digits, as standalone Keras 2 (the report's library) adds an activity_regularizer (tf.keras later divided it by the batch size)` : ' of a digit, averaged over the batch'}; weights — λ·Σ|W| or λ·ΣW² over the encoder and decoder kernels (Keras kernel_regularizer on both layers), once per batch.`,
      `Table 2: greedy layer-wise pretraining (level 1 reconstructs pixels through a sigmoid output; deeper levels reconstruct codes with the codes' activation), then the encoders plus a softmax output trained end to end on the labels${r.stacks.batchNormReLU ? ', ReLU networks with batch normalisation of each hidden pre-activation added for fine-tuning' : ''}. Parts 1 and 2 use seed ${r.seeds[0]}; Table 2 seeds ${r.seeds.join(', ')}.`,
    ],
  });

  const under = results.filter((x) => x.kind === 'under');
  if (under.length > 0) {
    out.push({ type: 'h2', text: 'Part 1: under-complete autoencoders (Figs. 1–2)' });
    out.push(...curveCharts(results, 'under', 'train', 'Fig. 1: training error'), ...curveCharts(results, 'under', 'validation', 'Fig. 1: validation error'));
    const t = table('under');
    if (t) out.push({ type: 'table', table: t });
    out.push({ type: 'figures', figures: figuresOf(results, 'reconstructions-under') });
  }
  const over = results.filter((x) => x.kind === 'over' || x.kind === 'tiles');
  if (over.length > 0) {
    out.push({ type: 'h2', text: 'Part 2: over-complete autoencoders, 784-1024-784 (Figs. 3–8, Table 1)' });
    out.push(...curveCharts(results, 'over', 'train', 'Fig. 3: training error'), ...curveCharts(results, 'over', 'validation', 'Fig. 4: validation error'));
    out.push({ type: 'p', text: 'Solid lines: activity penalties and noise; dashed: weight penalties. The curves are the reconstruction error alone, without the penalty.' });
    for (const id of ['sparseness', 'sparseness-other']) {
      const t = table(id);
      if (t) out.push({ type: 'table', table: t });
    }
    out.push({ type: 'figures', figures: figuresOf(results, 'reconstructions-over') });
    out.push({ type: 'figures', figures: figuresOf(results, 'tiles') });
  }
  const stacks = results.filter((x) => x.kind === 'stack');
  if (stacks.length > 0) {
    out.push({ type: 'h2', text: 'Part 3: stacked autoencoders for classification (Table 2, Fig. 9)' });
    const t = table('classification');
    if (t) out.push({ type: 'table', table: t });
    out.push({ type: 'figures', figures: figuresOf(results, 'stack-weights') });
    out.push({ type: 'p', text: 'Deeper layers are shown as the product of the kernels below them (a linear projection to pixels, ignoring the nonlinearities and batch normalisation).' });
  }
  if (run.notes.length > 0) out.push({ type: 'h2', text: 'Notes' }, { type: 'list', items: run.notes });
  out.push({ type: 'h2', text: 'Environment' });
  out.push({ type: 'table', table: { id: 'environment', title: '', columns: ['', ''], rows: environmentPairs({ ...run, experiment: 'ddae', datasets: [], skipped: [], selections: [], figures: [], models: [] }) } });
  out.push({ type: 'h2', text: 'Config' }, { type: 'code', text: JSON.stringify(doc.recipe, null, 2) });
  return out;
}

function title(doc: LabResults, run: RunFacts): string {
  return `Lab 4 reproduction (${doc.recipe.mode}${run.status === 'succeeded' ? '' : `, ${run.status}`})`;
}

export function renderLabMarkdown(doc: LabResults, results: LabJobResult[], run: RunFacts): string {
  const out: string[] = [`# ${title(doc, run)}`, ''];
  for (const b of blocks(doc, results, run)) {
    if (b.type === 'h2') out.push(`## ${b.text}`, '');
    else if (b.type === 'p') out.push(b.text, '');
    else if (b.type === 'list') out.push(...b.items.map((i) => `- ${i}`), '');
    else if (b.type === 'table') out.push(...(b.table.title ? [`**${b.table.title}**`, ''] : []), markdownTable({ header: b.table.columns, rows: b.table.rows }), '');
    else if (b.type === 'figures') for (const f of b.figures) out.push(`**${f.title}**`, '', `![${f.title}](${f.file})`, '');
    else if (b.type === 'chart') out.push(`*${b.title}: see report.html (each model's curve is also in figures/*-curve.svg).*`, '');
    else out.push('```json', b.text, '```', '');
  }
  return out.join('\n');
}

const STYLE = `
body{font:15px/1.45 system-ui,sans-serif;max-width:1150px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{margin-top:1.8em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.6em 0}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right}
th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}
figure{display:inline-block;margin:.5em 1em .5em 0;vertical-align:top}figcaption{font-size:.9em;color:#444;max-width:560px}
img{image-rendering:pixelated;border:1px solid #ddd;max-width:100%;height:auto}pre{background:#f7f7f7;padding:1em;overflow:auto;font-size:.85em}
.chart{display:inline-block;margin:.5em 1em .5em 0}
`;

export function renderLabHtml(doc: LabResults, results: LabJobResult[], run: RunFacts, images: ReadonlyMap<string, Uint8Array>): string {
  const parts: string[] = [`<h1>${escapeHtml(title(doc, run))}</h1>`];
  for (const b of blocks(doc, results, run)) {
    if (b.type === 'h2') parts.push(`<h2>${escapeHtml(b.text)}</h2>`);
    else if (b.type === 'p') parts.push(`<p>${escapeHtml(b.text)}</p>`);
    else if (b.type === 'list') parts.push(`<ul>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`);
    else if (b.type === 'table') {
      const head = `<tr>${b.table.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>`;
      const body = b.table.rows.map((row) => `<tr>${row.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
      parts.push(`${b.table.title ? `<p><b>${escapeHtml(b.table.title)}</b></p>` : ''}<table><thead>${head}</thead><tbody>\n${body}\n</tbody></table>`);
    } else if (b.type === 'figures') {
      for (const f of b.figures) {
        const bytes = images.get(f.file);
        const size = bytes ? pngSize(bytes) : null;
        const dims = size ? ` width="${size.width * 2}" height="${size.height * 2}"` : '';
        const img = bytes ? `<img alt="${escapeHtml(f.title)}"${dims} src="data:image/png;base64,${toBase64(bytes)}">` : `<i>(missing ${escapeHtml(f.file)})</i>`;
        parts.push(`<figure>${img}<figcaption>${escapeHtml(f.title)}</figcaption></figure>`);
      }
    } else if (b.type === 'chart') parts.push(`<div class="chart">${b.svg}</div>`);
    else parts.push(`<pre>${escapeHtml(b.text)}</pre>`);
  }
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Lab 4 reproduction</title><style>${STYLE}</style></head>\n<body>\n${parts.join('\n')}\n</body></html>\n`;
}
