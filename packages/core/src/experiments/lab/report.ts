import type { ReportTable, RunFacts } from '../experiment.js';
import { comparisonChart } from '../report/comparison-chart.js';
import type { ReportFigure } from '../report/figure-grid.js';
import { colourAt, svgLineChart, type SvgSeries } from '../report/line-chart-svg.js';
import { closingBlocks, renderPage, type ReportBlock, type ReportChart, type ReportPage } from '../report/page.js';
import type { LabJobResult } from './run-job.js';
import type { ClassificationDetail, LabResults } from './results.js';
import { classificationLine, labVerdicts } from './verdicts.js';

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

/** Figures 1, 3 and 4: every model's curve of one group, training and validation side by side, per activation. */
function curveCharts(results: LabJobResult[], kind: 'under' | 'over', titles: Record<'train' | 'validation', string>): ReportBlock[] {
  const blocks: ReportBlock[] = [];
  for (const activation of ['relu', 'sigmoid'] as const) {
    const group = results.filter((r) => r.kind === kind && r.activation === activation) as Extract<LabJobResult, { kind: 'under' | 'over' }>[];
    if (group.length === 0) continue;
    const charts = (['train', 'validation'] as const).map((which): ReportChart => {
      const series: SvgSeries[] = group.map((r, i) => ({
        label:
          r.kind === 'under' ? `${r.units} units` : r.regularisation === 'noise' ? `noise σ ${r.parameter}` : `${r.regularisation} ${r.form === 'activity' ? 'act.' : 'wts.'} ${r.parameter.toExponential(0)}`,
        colour: colourAt(i),
        dashed: r.kind === 'over' && r.form === 'weights',
        points: r.outcome.curve.filter((p) => (which === 'train' ? true : p.validation !== null)).map((p) => [p.epoch, which === 'train' ? p.train : p.validation!]),
      }));
      const title = `${titles[which]}, ${activation}`;
      // Markdown cannot draw the curves: it gets where each one ended.
      const lines = series.map((x) => {
        const last = x.points[x.points.length - 1];
        return last ? `${x.label}: ${which === 'train' ? 'training' : 'validation'} MSE ${last[1].toFixed(4)} at epoch ${last[0]}` : `${x.label}: no epochs`;
      });
      return { title, svg: svgLineChart(series, { title, xLabel: 'epoch', yLabel: `${which} MSE per pixel`, width: 640, height: 320 }), lines };
    });
    blocks.push({ kind: 'charts', charts });
  }
  return blocks;
}

/** One of the report's figures as a grid of every job's picture of it (weights and digits: pixel art). */
function figureGrid(results: LabJobResult[], figure: string): ReportBlock {
  const figures: ReportFigure[] = results
    .flatMap((r) => r.figures)
    .filter((f) => f.figure === figure)
    .map((f) => ({ file: f.file, title: f.title, pixels: true }));
  return { kind: 'figures', figures };
}

/** Table 2 per hidden unit: ours ± std over seeds beside the report's accuracy, as a dot chart. */
function classificationCharts(rows: readonly ClassificationDetail[]): ReportBlock {
  const charts: ReportChart[] = [];
  for (const activation of ['relu', 'sigmoid', 'none'] as const) {
    const group = rows.filter((r) => r.activation === activation && r.paper !== null);
    if (group.length === 0) continue;
    const title = activation === 'none' ? 'Table 2, no hidden layer: test accuracy against the report' : `Table 2, ${activation} stacks: test accuracy against the report`;
    const chartRows = group.map((r) => ({ label: r.layout === 'none' ? 'no hidden layer' : r.layout, mean: r.testAccuracy * 100, std: r.testAccuracyStd * 100, n: r.seeds.length, reference: r.paper! * 100 }));
    charts.push({ title, svg: comparisonChart(chartRows, { title, referenceName: 'report', axis: 'test accuracy %', digits: 1 }), lines: group.map((r) => classificationLine(r)) });
  }
  return { kind: 'charts', charts };
}

/** Table 1 (the form shown): our sparseness beside the report's, one network per row. */
function sparsenessChart(doc: LabResults): ReportBlock[] {
  const rows = doc.tables.sparsenessDetail.filter((r) => r.sparseness !== null && (r.form === null || r.form === doc.sparsenessForm.form));
  if (rows.length === 0) return [];
  const title = `Table 1: sparseness against the report (penalty on ${doc.sparsenessForm.form})`;
  const label = (r: (typeof rows)[number]) => `${r.activation} ${r.regularisation === 'Gaussian noise' ? `noise σ ${r.parameter}` : `${r.regularisation.split(' ')[0]} ${r.parameter.toExponential(0)}`}`;
  const chartRows = rows.map((r) => ({ label: label(r), mean: r.sparseness! * 100, std: null, n: 1, reference: r.paper * 100 }));
  const lines = rows.map((r) => `${label(r)}: ${num(r.sparseness! * 100, 1)}% sparse, the report ${num(r.paper * 100, 0)}%`);
  return [{ kind: 'charts', charts: [{ title, svg: comparisonChart(chartRows, { title, referenceName: 'report', axis: 'sparseness %', digits: 0 }), lines }] }];
}

function blocks(doc: LabResults, results: LabJobResult[], run: RunFacts): ReportBlock[] {
  const out: ReportBlock[] = [];
  const tables = labTables(doc);
  const table = (id: string) => tables.find((t) => t.id === id);
  out.push({
    kind: 'paragraph',
    text:
      'Cedergren, Törnégren & Xiong, "Short report on lab assignment 4": autoencoders on binary MNIST in Keras, here in aelab. Our numbers stand beside the ' +
      "report's; where they differ the list below says so and what we think the reason is.",
  });
  if (run.status !== 'succeeded') out.push({ kind: 'warning', text: `This run is ${run.status}: the tables hold the networks finished so far.` });
  out.push({ kind: 'headline', items: labVerdicts(doc) });

  out.push({ kind: 'heading', text: 'Data and recipe' });
  const r = doc.recipe;
  out.push({
    kind: 'list',
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
    out.push({ kind: 'heading', text: 'Part 1: under-complete autoencoders (Figs. 1–2)' });
    out.push(...curveCharts(results, 'under', { train: 'Fig. 1: training error', validation: 'Fig. 1: validation error' }));
    const t = table('under');
    if (t) out.push(tableBlock(t));
    out.push(figureGrid(results, 'reconstructions-under'));
  }
  const over = results.filter((x) => x.kind === 'over' || x.kind === 'tiles');
  if (over.length > 0) {
    out.push({ kind: 'heading', text: 'Part 2: over-complete autoencoders, 784-1024-784 (Figs. 3–8, Table 1)' });
    out.push(...curveCharts(results, 'over', { train: 'Fig. 3: training error', validation: 'Fig. 4: validation error' }));
    out.push({ kind: 'paragraph', text: 'Solid lines: activity penalties and noise; dashed: weight penalties. The curves are the reconstruction error alone, without the penalty.' });
    for (const id of ['sparseness', 'sparseness-other']) {
      const t = table(id);
      if (t) out.push(tableBlock(t));
    }
    out.push(...sparsenessChart(doc));
    out.push(figureGrid(results, 'reconstructions-over'));
    out.push(figureGrid(results, 'tiles'));
  }
  const stacks = results.filter((x) => x.kind === 'stack');
  if (stacks.length > 0) {
    out.push({ kind: 'heading', text: 'Part 3: stacked autoencoders for classification (Table 2, Fig. 9)' });
    const t = table('classification');
    if (t) out.push(tableBlock(t));
    out.push(classificationCharts(doc.tables.classificationDetail));
    out.push(figureGrid(results, 'stack-weights'));
    out.push({ kind: 'paragraph', text: 'Deeper layers are shown as the product of the kernels below them (a linear projection to pixels, ignoring the nonlinearities and batch normalisation).' });
  }
  out.push(...closingBlocks(run, { summary: 'The resolved recipe (JSON)', value: doc.recipe }));
  return out;
}

function tableBlock(t: ReportTable): ReportBlock {
  return { kind: 'table', table: t, ...(t.title ? { title: t.title } : {}) };
}

/** The lab report as blocks: headline, data and recipe, the three parts with their tables, charts and figures. */
export function labPage(doc: LabResults, results: LabJobResult[], run: RunFacts): ReportPage {
  return { title: `Lab 4 reproduction (${doc.recipe.mode}${run.status === 'succeeded' ? '' : `, ${run.status}`})`, blocks: blocks(doc, results, run) };
}

/** report.md and report.html of a lab run; `images` maps each figure's file to its PNG bytes. */
export function renderLabReport(doc: LabResults, results: LabJobResult[], run: RunFacts, images: ReadonlyMap<string, Uint8Array>): { markdown: string; html: string } {
  return renderPage(labPage(doc, results, run), images);
}
