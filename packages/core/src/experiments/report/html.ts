export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Escaped text with `backticked` spans as <code>: the one piece of markup report text carries into both formats. */
export function inlineHtml(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

/** Width and height from a PNG's IHDR chunk (bytes 16..23, big-endian); null when the bytes are no PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | null {
  if (bytes.length < 24 || bytes[0] !== 0x89 || bytes[1] !== 0x50) return null;
  const u32 = (at: number) => ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
  return { width: u32(16), height: u32(20) };
}

// Numbers never wrap (a "96.40 ± 0.39" split over two lines misreads); wide tables scroll inside their own box on a
// narrow screen instead of widening the page; on paper everything is unfolded and nothing is cut at a page break.
const STYLE = `
:root{color-scheme:light}
body{font:15px/1.45 system-ui,sans-serif;max-width:1150px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{margin-top:1.8em;border-bottom:1px solid #ddd}h3{font-size:1.05em;margin:1.2em 0 .4em}
.headline{background:#f2f6fb;border-left:4px solid #2c6fbb;padding:.6em 1em .6em 2em;margin:1em 0}.headline li{margin:.25em 0}
.warn{background:#fff4d6;padding:.5em 1em;border-left:4px solid #e0a800}
.caption{color:#555;font-size:.92em}
.table-wrap{overflow-x:auto;margin:.6em 0;max-width:100%}
table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.num,th.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.figure-grid{display:grid;gap:1em;margin:.6em 0;grid-template-columns:repeat(var(--columns,auto-fill),minmax(min(100%,var(--cell,300px)),1fr))}
figure{margin:0;min-width:0}figcaption{font-size:.9em;color:#444;margin-top:.3em}
img{border:1px solid #ddd;max-width:100%;height:auto}img.pixels{image-rendering:pixelated}
.chart-grid{display:grid;gap:1em;margin:.6em 0;grid-template-columns:repeat(auto-fit,minmax(min(100%,480px),1fr))}
.chart{min-width:0}.chart svg{max-width:100%;height:auto;display:block}
pre{background:#f7f7f7;padding:1em;overflow:auto;font-size:.85em}
details{margin:1em 0}summary{cursor:pointer;font-weight:600}
@media (max-width:700px){.figure-grid{grid-template-columns:1fr}}
@media print{
body{max-width:none;margin:0;font-size:10.5pt}
.table-wrap,pre{overflow:visible}pre{white-space:pre-wrap}
figure,tr,.chart,.headline{break-inside:avoid}h2,h3{break-after:avoid}
summary{list-style:none}
}
`;

// Closed <details> would print as one line: open them all for paper (a script is the only way to do it).
const PRINT_SCRIPT = `addEventListener('beforeprint',()=>{for(const d of document.querySelectorAll('details'))d.open=true})`;

/** A whole self-contained page: styles and script inline, nothing fetched. */
export function htmlPage(title: string, body: string): string {
  return (
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style><script>${PRINT_SCRIPT}</script></head>\n<body>\n${body}\n</body></html>\n`
  );
}
