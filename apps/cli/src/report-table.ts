import type { ReportTable } from '@aelab/core';

/** An experiment's results table as Markdown, for terminals and pasting alike. */
export function textTable(t: ReportTable): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(t.columns), line(t.columns.map(() => '---')), ...t.rows.map(line)].join('\n');
}
