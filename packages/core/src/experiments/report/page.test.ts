import { describe, expect, it } from 'vitest';
import { pngHeader, testRunFacts } from '../testing.js';
import { pngSize } from './html.js';
import { closingBlocks, pageHtml, pageMarkdown, type ReportPage } from './page.js';
import { htmlTable, isNumericCell } from './table.js';

describe('tables', () => {
  it('tells figures from words', () => {
    for (const cell of ['96.40 ± 0.39', '96.40 ± 0.39 (best 97.00)', '−1.04', '+0.10', '12,345', '0.5712', '.5', '—', '— (not reported)', 'λ = 1e-5', 'σ = 0.1', '256-128'])
      expect(isNumericCell(cell), cell).toBe(true);
    for (const cell of ['DDAE', 'no hidden layer', 'C 100, sigma 5.1', 'a seeded stratified subset', '', '—wait', 'relu']) expect(isNumericCell(cell), cell).toBe(false);
  });

  it('marks numeric cells (and all-numeric columns) so they never wrap, inside a box that scrolls', () => {
    const html = htmlTable({ columns: ['model', 'test %', 'note'], rows: [['DDAE', '96.40 ± 0.39', 'fine'], ['AE <1>', '—', '7 runs']] });
    expect(html).toBe(
      '<div class="table-wrap"><table><thead><tr><th>model</th><th class="num">test %</th><th>note</th></tr></thead><tbody>\n' +
        '<tr><td>DDAE</td><td class="num">96.40 ± 0.39</td><td>fine</td></tr>\n' +
        '<tr><td>AE &lt;1&gt;</td><td class="num">—</td><td class="num">7 runs</td></tr>\n</tbody></table></div>',
    );
  });
});

describe('pages', () => {
  const page: ReportPage = {
    title: 'A & B',
    blocks: [
      { kind: 'headline', items: ['ours 96.40: 0.30 below the paper, within one standard error (0.35)'] },
      { kind: 'paragraph', text: 'Curves in `iterations.csv` <here>.' },
      { kind: 'figures', figures: [{ file: 'a.png', title: 'A', pixels: true }, { file: 'b.svg', title: 'B', caption: 'x: epoch.' }, { file: 'gone.png', title: 'C' }], columns: 2 },
      { kind: 'charts', charts: [{ title: 'Chart', svg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>', lines: ['row: 1 above'] }] },
      ...closingBlocks(testRunFacts({ notes: ['a note'] }), { summary: 'Options', value: { quick: true } }),
    ],
  };
  const images = new Map([
    ['a.png', pngHeader(84, 28)],
    ['b.svg', new TextEncoder().encode('<svg/>')],
  ]);

  it('is one self-contained HTML file: styles and figures inline, nothing to fetch, readable on paper', () => {
    const html = pageHtml(page, images);
    expect(html).toMatch(/^<!doctype html>\n<html lang="en"><head><meta charset="utf-8">/);
    expect(html).toContain('<title>A &amp; B</title>');
    expect(html).not.toMatch(/<link|src="(?!data:)|href=|@import|url\(/);
    expect(html).toContain('@media print');
    expect(html).toContain("addEventListener('beforeprint'");
    expect(html).toContain('<ul class="headline"><li>ours 96.40: 0.30 below the paper, within one standard error (0.35)</li></ul>');
    expect(html).toContain('<p>Curves in <code>iterations.csv</code> &lt;here&gt;.</p>');
  });

  it('puts figures in a grid, PNG at its own size and SVG as an image, and says which file is missing', () => {
    const html = pageHtml(page, images);
    const grid = /<div class="figure-grid" style="--columns:2">\n([^]*?)\n<\/div>/.exec(html)![1]!.split('\n');
    expect(grid).toEqual([
      '<figure><img class="pixels" alt="A" width="84" height="28" src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAFQAAAAc"><figcaption>A</figcaption></figure>',
      '<figure><img alt="B" src="data:image/svg+xml;base64,PHN2Zy8+"><figcaption><b>B.</b> x: epoch.</figcaption></figure>',
      '<figure><i>(missing gone.png)</i><figcaption>C</figcaption></figure>',
    ]);
  });

  it('sets charts side by side in a grid, each inline', () => {
    expect(pageHtml(page, images)).toContain('<div class="chart-grid">\n<div class="chart"><svg xmlns="http://www.w3.org/2000/svg"></svg></div>\n</div>');
  });

  it('folds the config into <details> and closes with notes and the environment', () => {
    const html = pageHtml(page, images);
    expect(html).toContain('<h2>Config</h2>\n<details><summary>Options</summary><pre>{\n  &quot;quick&quot;: true\n}</pre></details>');
    expect(html).toContain('<h2>Notes</h2>\n<ul><li>a note</li></ul>');
    expect(html).toContain('<tr><td>wall time</td><td class="num">300.0 s</td></tr>');
  });

  it('renders the same blocks as markdown: figures as links, charts as their sentences, the config folded', () => {
    const md = pageMarkdown(page);
    expect(md.split('\n').slice(0, 4)).toEqual(['# A & B', '', '- ours 96.40: 0.30 below the paper, within one standard error (0.35)', '']);
    expect(md).toContain('**A**\n\n![A](a.png)');
    expect(md).toContain('**B.** x: epoch.\n\n![B](b.svg)');
    expect(md).toContain('*Chart:*\n\n- row: 1 above');
    expect(md).toContain('<details><summary>Options</summary>\n\n```json\n{\n  "quick": true\n}\n```\n\n</details>');
    expect(md).toContain('| wall time | 300.0 s |');
  });

  it('reads a PNG size from its header', () => {
    expect(pngSize(pngHeader(291, 31))).toEqual({ width: 291, height: 31 });
    expect(pngSize(new Uint8Array(4))).toBeNull();
  });
});
