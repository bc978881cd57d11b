// What every experiment's report is drawn with: one page model rendered as report.md and a self-contained
// report.html, tables, figure grids, SVG charts and the one worded comparison against a reference. Browser-safe.
export { compareWithReference, type Comparison, type ComparisonInput } from './compare.js';
export { comparisonChart, type ComparisonChartOptions, type ComparisonChartRow } from './comparison-chart.js';
export { figureGridHtml, figuresMarkdown, type ReportFigure } from './figure-grid.js';
export { escapeHtml, htmlPage, pngSize } from './html.js';
export { colourAt, svgLineChart, type SvgSeries } from './line-chart-svg.js';
export { closingBlocks, environmentTable, pageHtml, pageMarkdown, renderPage, type ReportBlock, type ReportChart, type ReportPage } from './page.js';
export { htmlTable, isNumericCell, markdownTable, type TextGrid } from './table.js';
