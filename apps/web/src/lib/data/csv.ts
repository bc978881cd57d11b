import type { InlineData } from '../config/types.js';

export type CsvResult = { ok: true; data: InlineData; summary: string; warnings: string[] } | { ok: false; error: string };

const LABEL_HEADERS = ['label', 'labels', 'class', 'cluster', 'target', 'category'];
const MAX_BYTES = 5_000_000;

/**
 * Reads a user's CSV into inline points: numbers in every feature column, an optional label column (a header
 * named label/class/cluster/target/category, or the one column of non-numbers), optional header row, `,` `;` or tab
 * separated. Columns are scaled to [0, 1] (the autoencoder's sigmoid output lives there) unless `scale` is false.
 * Every problem comes back as one sentence naming the line and column.
 */
export function parseCsv(text: string, options: { scale?: boolean } = {}): CsvResult {
  if (text.length > MAX_BYTES) return { ok: false, error: `the file is ${(text.length / 1e6).toFixed(1)} MB; the playground takes up to 5 MB` };
  const lines = text
    .split(/\r\n|\n|\r/)
    .map((line, i) => ({ line: i + 1, text: line.trim() }))
    .filter((l) => l.text !== '' && !l.text.startsWith('#'));
  if (lines.length === 0) return { ok: false, error: 'the file is empty' };
  const delimiter = detectDelimiter(lines[0]!.text);
  const rows = lines.map((l) => ({ line: l.line, cells: l.text.split(delimiter).map(unquote) }));
  const width = rows[0]!.cells.length;
  for (const r of rows) {
    if (r.cells.length !== width) {
      return { ok: false, error: `line ${r.line} has ${r.cells.length} values but line ${rows[0]!.line} has ${width}` };
    }
  }
  const isNumber = (s: string) => s !== '' && Number.isFinite(Number(s));
  let header: string[] | null = null;
  let body = rows;
  if (rows[0]!.cells.some((c) => !isNumber(c))) {
    const nonNumericEverywhere = rows.length > 1 && rows.every((r) => r.cells.some((c) => !isNumber(c)));
    // A first row that is text while the rows below are numbers (apart from a label column) is a header.
    if (!nonNumericEverywhere || rows[0]!.cells.every((c) => !isNumber(c))) {
      header = rows[0]!.cells;
      body = rows.slice(1);
    }
  }
  if (body.length === 0) return { ok: false, error: 'the file has a header but no rows of data' };

  let labelColumn = header ? header.findIndex((h) => LABEL_HEADERS.includes(h.toLowerCase())) : -1;
  if (labelColumn < 0) {
    const isWord = (s: string) => s !== '' && !isNumber(s);
    const textColumns = [...Array(width).keys()].filter((c) => body.some((r) => isWord(r.cells[c]!)));
    // A column of mostly words holds labels; a stray word in a number column is a mistake to report instead.
    const mostlyText = (c: number) => body.filter((r) => isWord(r.cells[c]!)).length * 2 > body.length;
    if (textColumns.length === 1 && mostlyText(textColumns[0]!)) labelColumn = textColumns[0]!;
  }
  const featureColumns = [...Array(width).keys()].filter((c) => c !== labelColumn);
  if (featureColumns.length < 2) {
    return { ok: false, error: `the file has ${featureColumns.length} number column${featureColumns.length === 1 ? '' : 's'}; an autoencoder needs at least 2` };
  }
  const columnName = (c: number) => (header ? `column ${c + 1} ('${header[c]}')` : `column ${c + 1}`);
  const points: number[][] = [];
  for (const r of body) {
    const point: number[] = [];
    for (const c of featureColumns) {
      const cell = r.cells[c]!;
      if (!isNumber(cell)) {
        return { ok: false, error: cell === '' ? `line ${r.line}, ${columnName(c)} is empty` : `line ${r.line}, ${columnName(c)}: '${truncate(cell)}' is not a number` };
      }
      point.push(Number(cell));
    }
    points.push(point);
  }

  const warnings: string[] = [];
  const data: InlineData = { name: 'inline', points };
  if (labelColumn >= 0) {
    const raw = body.map((r) => r.cells[labelColumn]!);
    const unique = [...new Set(raw)];
    if (unique.every(isNumber)) unique.sort((a, b) => Number(a) - Number(b));
    if (unique.length > 10) warnings.push(`${unique.length} different labels; colours repeat after 10`);
    const index = new Map(unique.map((u, i) => [u, i]));
    data.labels = raw.map((v) => index.get(v)!);
    data.classNames = unique;
  }
  if (options.scale !== false) {
    const changed = scaleColumns(points);
    if (changed) warnings.push('columns were scaled to [0, 1]');
  }
  const summary = `${points.length} rows, ${featureColumns.length} features${labelColumn >= 0 ? `, ${data.classNames!.length} labels from ${columnName(labelColumn)}` : ''}`;
  return { ok: true, data, summary, warnings };
}

function detectDelimiter(line: string): string {
  const counts = [',', ';', '\t'].map((d) => ({ d, n: line.split(d).length }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0]!.n > 1 ? counts[0]!.d : ',';
}

function unquote(cell: string): string {
  const t = cell.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).trim() : t;
}

function truncate(s: string): string {
  return s.length > 20 ? `${s.slice(0, 20)}…` : s;
}

/** Min-max scales each column into [0, 1] in place (constant columns become 0.5); true when anything changed. */
function scaleColumns(points: number[][]): boolean {
  const width = points[0]!.length;
  let changed = false;
  for (let c = 0; c < width; c++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const p of points) {
      lo = Math.min(lo, p[c]!);
      hi = Math.max(hi, p[c]!);
    }
    if (lo >= 0 && hi <= 1) continue;
    changed = true;
    for (const p of points) p[c] = hi === lo ? 0.5 : Math.round(((p[c]! - lo) / (hi - lo)) * 1e6) / 1e6;
  }
  return changed;
}
