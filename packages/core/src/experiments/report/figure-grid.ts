import { toBase64 } from './base64.js';
import { escapeHtml, pngSize } from './html.js';

/** A figure file of a report, relative to the run directory. */
export interface ReportFigure {
  file: string;
  title: string;
  /** What the axes, rows and colours are. */
  caption?: string;
  /** Pixel art (weights, digits): drawn with sharp pixels when the browser scales it. */
  pixels?: boolean;
}

function mimeOf(file: string): string {
  return file.endsWith('.svg') ? 'image/svg+xml' : 'image/png';
}

function figureHtml(f: ReportFigure, images: ReadonlyMap<string, Uint8Array>): string {
  const bytes = images.get(f.file);
  let img: string;
  if (bytes) {
    // Written at a size people can read (see outputs' `scale`): shown at it, shrunk only to fit the column.
    const size = f.file.endsWith('.png') ? pngSize(bytes) : null;
    const dims = size ? ` width="${size.width}" height="${size.height}"` : '';
    img = `<img${f.pixels ? ' class="pixels"' : ''} alt="${escapeHtml(f.title)}"${dims} src="data:${mimeOf(f.file)};base64,${toBase64(bytes)}">`;
  } else {
    img = `<i>(missing ${escapeHtml(f.file)})</i>`;
  }
  const caption = f.caption ? `<b>${escapeHtml(f.title)}.</b> ${escapeHtml(f.caption)}` : escapeHtml(f.title);
  return `<figure>${img}<figcaption>${caption}</figcaption></figure>`;
}

/**
 * Figures side by side in a grid, each inlined from `images` (PNG or SVG bytes by file) so the page stands alone.
 * `columns` fixes the count (the paper's four weight maps as two by two); without it as many fit as the page allows.
 */
export function figureGridHtml(figures: readonly ReportFigure[], images: ReadonlyMap<string, Uint8Array>, columns?: number): string {
  const style = columns ? ` style="--columns:${columns}"` : '';
  return `<div class="figure-grid"${style}>\n${figures.map((f) => figureHtml(f, images)).join('\n')}\n</div>`;
}

/** In markdown each figure is a linked file under its title. */
export function figuresMarkdown(figures: readonly ReportFigure[]): string[] {
  return figures.flatMap((f) => [f.caption ? `**${f.title}.** ${f.caption}` : `**${f.title}**`, '', `![${f.title}](${f.file})`, '']);
}
