import { toBase64 } from './base64.js';
import type { ResultsDocument, RunInfo } from './results.js';
import { ddaeVerdicts, environmentPairs, ablationTable, resultTables, selectionTable, type TextTable } from './tables.js';

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function htmlTable(t: Pick<TextTable, 'header' | 'rows'>, className = ''): string {
  const head = `<tr>${t.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const body = t.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table${className ? ` class="${className}"` : ''}><thead>${head}</thead><tbody>\n${body}\n</tbody></table>`;
}

/** Width and height from a PNG's IHDR chunk (bytes 16..23, big-endian); null when the bytes are no PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | null {
  if (bytes.length < 24 || bytes[0] !== 0x89 || bytes[1] !== 0x50) return null;
  const u32 = (at: number) => ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
  return { width: u32(16), height: u32(20) };
}

/** Digits are 16 or 28 pixels: show figures at twice their size, pixels kept sharp. */
const ZOOM = 2;

const STYLE = `
body{font:15px/1.45 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{margin-top:1.8em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.6em 0}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right}
th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}
.caption{color:#555;font-size:.92em}.warn{background:#fff4d6;padding:.5em 1em;border-left:4px solid #e0a800}
figure{display:inline-block;margin:.5em 1em .5em 0;vertical-align:top}figcaption{font-size:.9em;color:#444}
img{image-rendering:pixelated;border:1px solid #ddd;max-width:100%;height:auto}pre{background:#f7f7f7;padding:1em;overflow:auto;font-size:.85em}
`;

/**
 * report.html: one self-contained file (styles inline, figures inlined as base64 PNG) that a reader can open or
 * mail without the run directory. `images` maps each figure's relative file name to its PNG bytes.
 */
export function renderHtml(doc: ResultsDocument, info: RunInfo, images: ReadonlyMap<string, Uint8Array>): string {
  const parts: string[] = [];
  parts.push(`<h1>DDAE reproduction (${escapeHtml(doc.config.mode)})</h1>`);
  parts.push(
    '<p>Pan &amp; Zhao, “Deep Autoencoder Model Construction Based on DropConnect”: a two-level tied-weight sigmoid autoencoder stack ' +
      '(DropConnect on the first level) whose codes feed a Gaussian-kernel ELM, against ELM, RELM, KELM and AE/SAE/DAE stacks. ' +
      'Accuracies in %; mean ± sample std over seeds where there is more than one run.</p>',
  );
  if (info.status !== 'succeeded') parts.push(`<p class="warn">This run is <b>${escapeHtml(info.status)}</b>: the tables hold the rows finished so far.</p>`);
  const verdicts = ddaeVerdicts(doc, info);
  if (verdicts.length > 0) parts.push(`<ul>${verdicts.map((v) => `<li>${escapeHtml(v)}</li>`).join('')}</ul>`);
  for (const t of resultTables(doc, info)) {
    parts.push(`<h2>${escapeHtml(t.title)}</h2><p class="caption">${escapeHtml(t.caption)}</p>${htmlTable(t, 'results')}`);
  }
  if (info.skipped.length > 0) {
    parts.push(`<h2>Skipped</h2><ul>${info.skipped.map((s) => `<li>${escapeHtml(`${s.dataset}: ${s.reason}`)}</li>`).join('')}</ul>`);
  }
  if (info.figures.length > 0) {
    parts.push('<h2>Figures</h2>');
    for (const f of info.figures) {
      const bytes = images.get(f.file);
      const size = bytes ? pngSize(bytes) : null;
      const dims = size ? ` width="${size.width * ZOOM}" height="${size.height * ZOOM}"` : '';
      const img = bytes ? `<img alt="${escapeHtml(f.title)}"${dims} src="data:image/png;base64,${toBase64(bytes)}">` : `<i>(missing ${escapeHtml(f.file)})</i>`;
      parts.push(`<figure>${img}<figcaption>${escapeHtml(f.title)}</figcaption></figure>`);
    }
  }
  const ablation = ablationTable(doc);
  if (ablation) parts.push(`<h2>${escapeHtml(ablation.title)}</h2><p class="caption">${escapeHtml(ablation.caption)}</p>${htmlTable(ablation)}`);
  const sel = selectionTable(info);
  if (sel) parts.push(`<h2>${escapeHtml(sel.title)}</h2><p class="caption">${escapeHtml(sel.caption)}</p>${htmlTable(sel)}`);
  if (info.notes.length > 0) parts.push(`<h2>Notes</h2><ul>${info.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`);
  parts.push(`<h2>Environment</h2>${htmlTable({ header: ['', ''], rows: environmentPairs(info) })}`);
  parts.push(`<p>Seeds: ${escapeHtml(doc.config.seeds.join(', '))} (stack rows and KELM); ELM/RELM: ${doc.config.elm.seeds} seeds.</p>`);
  parts.push(`<h2>Config</h2><pre>${escapeHtml(JSON.stringify(doc.config, null, 2))}</pre>`);
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>DDAE reproduction</title><style>${STYLE}</style></head>\n<body>\n${parts.join('\n')}\n</body></html>\n`;
}
