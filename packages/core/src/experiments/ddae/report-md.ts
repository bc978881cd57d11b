import type { ResultsDocument, RunInfo } from './results.js';
import { ddaeVerdicts, environmentPairs, ablationTable, resultTables, selectionTable, type TextTable } from './tables.js';

function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function markdownTable(t: Pick<TextTable, 'header' | 'rows'>): string {
  const line = (cells: string[]) => `| ${cells.map(mdCell).join(' | ')} |`;
  return [line(t.header), line(t.header.map(() => '---')), ...t.rows.map(line)].join('\n');
}

/** report.md: the same content as report.html, with figures linked as files instead of inlined. */
export function renderMarkdown(doc: ResultsDocument, info: RunInfo): string {
  const out: string[] = [];
  out.push(`# DDAE reproduction (${doc.config.mode}${info.status === 'succeeded' ? '' : `, ${info.status}`})`, '');
  out.push(
    'Pan & Zhao, "Deep Autoencoder Model Construction Based on DropConnect": a two-level tied-weight sigmoid autoencoder stack ' +
      '(DropConnect on the first level) whose codes feed a Gaussian-kernel ELM, against ELM, RELM, KELM and AE/SAE/DAE stacks. ' +
      'Accuracies in %; mean ± sample std over seeds where there is more than one run.',
    '',
  );
  if (info.status !== 'succeeded') out.push(`**This run is ${info.status}: the tables hold the rows finished so far.**`, '');
  const verdicts = ddaeVerdicts(doc, info);
  if (verdicts.length > 0) out.push(...verdicts.map((v) => `- ${v}`), '');
  for (const t of resultTables(doc, info)) {
    out.push(`## ${t.title}`, '', t.caption, '', markdownTable(t), '');
  }
  if (info.skipped.length > 0) {
    out.push('## Skipped', '', ...info.skipped.map((s) => `- ${s.dataset}: ${s.reason}`), '');
  }
  if (info.figures.length > 0) {
    out.push('## Figures', '');
    for (const f of info.figures) out.push(`**${f.title}**`, '', `![${f.title}](${f.file})`, '');
  }
  const ablation = ablationTable(doc);
  if (ablation) out.push(`## ${ablation.title}`, '', ablation.caption, '', markdownTable(ablation), '');
  const sel = selectionTable(info);
  if (sel) out.push(`## ${sel.title}`, '', sel.caption, '', markdownTable(sel), '');
  if (info.notes.length > 0) out.push('## Notes', '', ...info.notes.map((n) => `- ${n}`), '');
  out.push('## Environment', '', markdownTable({ header: ['', ''], rows: environmentPairs(info) }), '');
  out.push(`Seeds: ${doc.config.seeds.join(', ')} (stack rows and KELM); ELM/RELM: ${doc.config.elm.seeds} seeds.`, '');
  out.push('## Config', '', '```json', JSON.stringify(doc.config, null, 2), '```', '');
  return out.join('\n');
}
