import type { ReportFigure } from '../report/figure-grid.js';
import { closingBlocks, renderPage, type ReportBlock, type ReportPage } from '../report/page.js';
import type { Figure, ResultsDocument, RunInfo } from './results.js';
import { ablationTable, ddaeVerdicts, DATASET_TITLES, paperCharts, resultTables, selectionTable, type TextTable } from './tables.js';
import { MODEL_NAMES, TABLE_DATASETS } from './types.js';

const INTRO =
  'Pan & Zhao, "Deep Autoencoder Model Construction Based on DropConnect": a two-level tied-weight sigmoid autoencoder stack ' +
  '(DropConnect on the first level) whose codes feed a Gaussian-kernel ELM, against ELM, RELM, KELM and AE/SAE/DAE stacks. ' +
  'Accuracies in %; mean ± sample std over seeds where there is more than one run; "within one standard error" measures a gap by ' +
  'the standard error of the mean over seeds (std / √seeds).';

function tableBlocks(t: TextTable): ReportBlock[] {
  return [{ kind: 'heading', text: t.title }, { kind: 'table', table: t, caption: t.caption }];
}

/** Fig. 3.5 and Fig. 3.6 of each dataset: the four weight maps side by side, then the four reconstruction strips. */
function figureBlocks(figures: readonly Figure[]): ReportBlock[] {
  if (figures.length === 0) return [];
  const order = (f: Figure) => MODEL_NAMES.indexOf(f.model);
  const blocks: ReportBlock[] = [{ kind: 'heading', text: 'Figures' }];
  const shown = (f: Figure): ReportFigure => ({ file: f.file, title: f.title, pixels: true });
  for (const dataset of TABLE_DATASETS) {
    for (const [kind, what] of [
      ['weights', 'first-level weights (Fig. 3.5)'],
      ['reconstruction', 'test digits and their first-level reconstructions (Fig. 3.6)'],
    ] as const) {
      // In the paper's order (AE, SAE, DAE, DDAE), whichever job finished first.
      const group = figures.filter((f) => f.dataset === dataset && f.kind === kind).sort((a, b) => order(a) - order(b));
      if (group.length === 0) continue;
      blocks.push({ kind: 'subheading', text: `${DATASET_TITLES[dataset]}: ${what}` }, { kind: 'figures', figures: group.map(shown), columns: Math.min(2, group.length) });
    }
  }
  return blocks;
}

/** The DDAE report as blocks: headline, the tables beside the paper, charts, figures, ablation, choices, run. */
export function ddaePage(doc: ResultsDocument, info: RunInfo): ReportPage {
  const blocks: ReportBlock[] = [{ kind: 'paragraph', text: INTRO }];
  if (info.status !== 'succeeded') blocks.push({ kind: 'warning', text: `This run is ${info.status}: the tables hold the rows finished so far.` });
  blocks.push({ kind: 'headline', items: ddaeVerdicts(doc, info) });
  for (const t of resultTables(doc, info)) blocks.push(...tableBlocks(t));
  const charts = paperCharts(doc);
  if (charts.length > 0) {
    blocks.push({ kind: 'heading', text: 'Against the paper' });
    blocks.push({ kind: 'charts', charts });
  }
  if (info.skipped.length > 0) blocks.push({ kind: 'heading', text: 'Skipped' }, { kind: 'list', items: info.skipped.map((s) => `${s.dataset}: ${s.reason}`) });
  blocks.push(...figureBlocks(info.figures));
  for (const t of [ablationTable(doc), selectionTable(info)]) if (t) blocks.push(...tableBlocks(t));
  blocks.push({ kind: 'paragraph', text: `Seeds: ${doc.config.seeds.join(', ')} (stack rows and KELM); ELM/RELM: ${doc.config.elm.seeds} seeds.` });
  blocks.push(...closingBlocks(info, { summary: 'The resolved recipe (JSON)', value: doc.config }));
  return { title: `DDAE reproduction (${doc.config.mode}${info.status === 'succeeded' ? '' : `, ${info.status}`})`, blocks };
}

/** report.md and report.html of a DDAE run; `images` maps each figure's file to its PNG bytes. */
export function renderDdaeReport(doc: ResultsDocument, info: RunInfo, images: ReadonlyMap<string, Uint8Array>): { markdown: string; html: string } {
  return renderPage(ddaePage(doc, info), images);
}
