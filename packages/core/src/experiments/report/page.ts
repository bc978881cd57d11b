import type { RunFacts } from '../experiment.js';
import { figureGridHtml, figuresMarkdown, type ReportFigure } from './figure-grid.js';
import { escapeHtml, htmlPage, inlineHtml } from './html.js';
import { htmlTable, markdownTable, type TextGrid } from './table.js';

/**
 * One piece of a report. An experiment lists its report as blocks once; `pageHtml` and `pageMarkdown` draw the same
 * list, so report.md and report.html never disagree. Text may carry `backticked` code, nothing else.
 */
export type ReportBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'subheading'; text: string }
  | { kind: 'paragraph'; text: string }
  /** Something the reader must not miss (an unfinished run). */
  | { kind: 'warning'; text: string }
  /** The comparisons that matter, in words, at the top. */
  | { kind: 'headline'; items: string[] }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; table: TextGrid; title?: string; caption?: string }
  | { kind: 'figures'; figures: ReportFigure[]; columns?: number }
  /** Inline SVG charts side by side as the page allows; markdown, which cannot show them, gets their `lines`. */
  | { kind: 'charts'; charts: ReportChart[] }
  /** Folded away in HTML: the raw config or options. */
  | { kind: 'details'; summary: string; text: string; language: string };

export interface ReportChart {
  title: string;
  svg: string;
  /** What the chart shows, in sentences: markdown's stand-in for it. */
  lines: string[];
}

export interface ReportPage {
  title: string;
  blocks: ReportBlock[];
}

function blockHtml(b: ReportBlock, images: ReadonlyMap<string, Uint8Array>): string {
  switch (b.kind) {
    case 'heading':
      return `<h2>${inlineHtml(b.text)}</h2>`;
    case 'subheading':
      return `<h3>${inlineHtml(b.text)}</h3>`;
    case 'paragraph':
      return `<p>${inlineHtml(b.text)}</p>`;
    case 'warning':
      return `<p class="warn"><b>${inlineHtml(b.text)}</b></p>`;
    case 'headline':
      return `<ul class="headline">${b.items.map((i) => `<li>${inlineHtml(i)}</li>`).join('')}</ul>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${inlineHtml(i)}</li>`).join('')}</ul>`;
    case 'table':
      return `${b.title ? `<p><b>${inlineHtml(b.title)}</b></p>` : ''}${b.caption ? `<p class="caption">${inlineHtml(b.caption)}</p>` : ''}${htmlTable(b.table)}`;
    case 'figures':
      return b.figures.length === 0 ? '' : figureGridHtml(b.figures, images, b.columns);
    case 'charts':
      return b.charts.length === 0 ? '' : `<div class="chart-grid">\n${b.charts.map((c) => `<div class="chart">${c.svg}</div>`).join('\n')}\n</div>`;
    case 'details':
      return `<details><summary>${inlineHtml(b.summary)}</summary><pre>${escapeHtml(b.text)}</pre></details>`;
  }
}

/** report.html: one self-contained file (styles inline, figures inlined from `images`) to open, mail or print. */
export function pageHtml(page: ReportPage, images: ReadonlyMap<string, Uint8Array>): string {
  const body = [`<h1>${inlineHtml(page.title)}</h1>`, ...page.blocks.map((b) => blockHtml(b, images)).filter((s) => s !== '')];
  return htmlPage(page.title, body.join('\n'));
}

function blockMarkdown(b: ReportBlock): string[] {
  switch (b.kind) {
    case 'heading':
      return [`## ${b.text}`, ''];
    case 'subheading':
      return [`### ${b.text}`, ''];
    case 'paragraph':
      return [b.text, ''];
    case 'warning':
      return [`**${b.text}**`, ''];
    case 'headline':
    case 'list':
      return b.items.length === 0 ? [] : [...b.items.map((i) => `- ${i}`), ''];
    case 'table':
      return [...(b.title ? [`**${b.title}**`, ''] : []), ...(b.caption ? [b.caption, ''] : []), markdownTable(b.table), ''];
    case 'figures':
      return figuresMarkdown(b.figures);
    case 'charts':
      return b.charts.flatMap((c) => (c.lines.length === 0 ? [] : [`*${c.title}:*`, '', ...c.lines.map((l) => `- ${l}`), '']));
    case 'details':
      // GitHub and most viewers fold this too; elsewhere it reads as a fenced block under a label.
      return [`<details><summary>${b.summary}</summary>`, '', `\`\`\`${b.language}`, b.text, '```', '', '</details>', ''];
  }
}

/** report.md: the same blocks, figures linked as files, charts as the sentences they draw. */
export function pageMarkdown(page: ReportPage): string {
  return [`# ${page.title}`, '', ...page.blocks.flatMap(blockMarkdown)].join('\n');
}

/** Both documents of a report at once: what every experiment's `report()` hands the runner. */
export function renderPage(page: ReportPage, images: ReadonlyMap<string, Uint8Array>): { markdown: string; html: string } {
  return { markdown: pageMarkdown(page), html: pageHtml(page, images) };
}

/** Status, command, times, backend, host and versions as a two-column table. */
export function environmentTable(run: RunFacts): TextGrid {
  return {
    columns: ['', ''],
    rows: [
      ['status', run.status],
      ['command', run.command],
      ['started', run.startedAt],
      ['finished', run.finishedAt ?? '—'],
      ['wall time', `${run.totalSeconds.toFixed(1)} s`],
      ['backend', run.backend.note ? `${run.backend.name} (${run.backend.note})` : run.backend.name],
      ['host', `${run.host.platform}, ${run.host.cpus} × ${run.host.cpuModel}`],
      ...Object.entries(run.versions),
    ],
  };
}

/** The closing sections every report shares: the run's notes, where it ran, and the raw config folded away. */
export function closingBlocks(run: RunFacts, config: { summary: string; value: unknown }): ReportBlock[] {
  const blocks: ReportBlock[] = [];
  if (run.notes.length > 0) blocks.push({ kind: 'heading', text: 'Notes' }, { kind: 'list', items: run.notes });
  blocks.push({ kind: 'heading', text: 'Environment' }, { kind: 'table', table: environmentTable(run) });
  blocks.push({ kind: 'heading', text: 'Config' }, { kind: 'details', summary: config.summary, text: JSON.stringify(config.value, null, 2), language: 'json' });
  return blocks;
}
