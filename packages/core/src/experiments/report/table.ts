import { escapeHtml } from './html.js';

/** A table for people: header and cells already formatted as text. */
export interface TextGrid {
  columns: readonly string[];
  rows: readonly (readonly string[])[];
}

/**
 * Whether a cell holds a figure ("96.40 ± 0.39 (best 97.00)", "−1.04", "12,345", "—"): those are right-aligned and
 * never wrapped. A cell counts when it starts with a number, a sign, a short name set to one ("λ = 1e-5") or the dash that
 * stands for a missing one.
 */
export function isNumericCell(text: string): boolean {
  return /^\s*(?:\S{1,2} = )?(?:[−+\-–]?\.?\d|—\s*(?:$|\())/.test(text);
}

/** The table inside a box that scrolls sideways, so a narrow screen scrolls the table rather than wrapping numbers. */
export function htmlTable(t: TextGrid): string {
  const numericColumn = t.columns.map((_, c) => t.rows.length > 0 && t.rows.every((r) => isNumericCell(r[c] ?? '')));
  const cls = (numeric: boolean) => (numeric ? ' class="num"' : '');
  const head = `<tr>${t.columns.map((h, c) => `<th${cls(numericColumn[c]!)}>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const body = t.rows.map((r) => `<tr>${r.map((cell) => `<td${cls(isNumericCell(cell))}>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('\n');
  return `<div class="table-wrap"><table><thead>${head}</thead><tbody>\n${body}\n</tbody></table></div>`;
}

function markdownCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function markdownTable(t: TextGrid): string {
  const line = (cells: readonly string[]) => `| ${cells.map(markdownCell).join(' | ')} |`;
  return [line(t.columns), line(t.columns.map(() => '---')), ...t.rows.map(line)].join('\n');
}
