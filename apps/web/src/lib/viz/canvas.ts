/**
 * Sizes a canvas for its CSS box at the device's pixel ratio, clears it to white (so saved PNGs are not
 * transparent) and returns a context drawing in CSS pixels.
 */
export function prepareCanvas(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D | null {
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  const ratio = Math.max(1, Math.min(3, globalThis.devicePixelRatio || 1));
  const w = Math.max(1, Math.round(width * ratio));
  const h = Math.max(1, Math.round(height * ratio));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  return ctx;
}

/** About `count` round tick values (1, 2 or 5 times a power of ten apart) inside [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo) || !Number.isFinite(lo) || !Number.isFinite(hi)) return [lo];
  const target = Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10((hi - lo) / target));
  const candidates = [1, 2, 5, 10].map((m) => m * mag);
  const step = candidates.reduce((best, s) => (Math.abs((hi - lo) / s - target) < Math.abs((hi - lo) / best - target) ? s : best));
  const ticks: number[] = [];
  for (let k = Math.ceil(lo / step); k * step <= hi + step * 1e-9; k++) ticks.push(Number((k * step).toPrecision(12)) || 0);
  return ticks;
}

export function formatTick(v: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(0);
  return String(Number(v.toPrecision(4)));
}

/** The grey line a chart shows in place of its plot before there is anything to draw. */
export function drawEmptyMessage(ctx: CanvasRenderingContext2D, text: string, x: number, y: number): void {
  ctx.fillStyle = '#667';
  ctx.font = '13px system-ui, sans-serif';
  ctx.fillText(text, x, y);
}

/**
 * Horizontal grid lines at `ticks` across a plot, each labelled to the plot's left. Lines sit on half pixels so
 * they stay one pixel sharp; the line width is the caller's.
 */
export function drawYGrid(ctx: CanvasRenderingContext2D, ticks: number[], toY: (v: number) => number, plot: { left: number; width: number }): void {
  ctx.strokeStyle = '#eceef2';
  ctx.fillStyle = '#5b6270';
  ctx.textAlign = 'right';
  for (const t of ticks) {
    const y = Math.round(toY(t)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(plot.left, y);
    ctx.lineTo(plot.left + plot.width, y);
    ctx.stroke();
    ctx.fillText(formatTick(t), plot.left - 5, y + 4);
  }
}
