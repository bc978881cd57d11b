/** 28x28 images on a canvas: one ImageData for the whole grid, scaled up without smoothing (fast enough per frame). */

export const SIDE = 28;
const PIXELS = SIDE * SIDE;

export interface GridLayout {
  columns: number;
  rows: number;
  /** CSS pixels per image pixel. */
  scale: number;
  /** Image pixels between images. */
  gap: number;
}

/** The most columns of `count` images that fit `width` at `scale` or more... and the scale they get. */
export function gridLayout(count: number, width: number, columns: number, gap = 1): GridLayout {
  const cols = Math.max(1, Math.min(columns, count));
  const scale = Math.max(1, width / (cols * (SIDE + gap)));
  return { columns: cols, rows: Math.ceil(count / cols), scale, gap };
}

/** Fills one RGBA buffer holding `count` images, each coloured pixel by pixel by `color(image, value)`. */
export function paintGrid(
  images: Float32Array,
  count: number,
  layout: GridLayout,
  color: (image: number, value: number, out: Uint8ClampedArray, at: number) => void,
): ImageData {
  const cell = SIDE + layout.gap;
  const w = layout.columns * cell;
  const h = layout.rows * cell;
  const data = new Uint8ClampedArray(w * h * 4).fill(255);
  for (let k = 0; k < count; k++) {
    const x0 = (k % layout.columns) * cell;
    const y0 = Math.floor(k / layout.columns) * cell;
    for (let p = 0; p < PIXELS; p++) {
      const at = ((y0 + Math.floor(p / SIDE)) * w + x0 + (p % SIDE)) * 4;
      color(k, images[k * PIXELS + p]!, data, at);
    }
  }
  return new ImageData(data, w, h);
}

let scratch: HTMLCanvasElement | null = null;

/** Draws an ImageData at (x, y) scaled by `scale`, with crisp pixels. */
export function drawScaled(ctx: CanvasRenderingContext2D, image: ImageData, x: number, y: number, scale: number): void {
  scratch ??= document.createElement('canvas');
  scratch.width = image.width;
  scratch.height = image.height;
  scratch.getContext('2d')!.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(scratch, x, y, image.width * scale, image.height * scale);
}

/** Blue (negative) - white - red (positive), `value` already divided by its limit. */
export function divergingRgb(v: number, out: Uint8ClampedArray, at: number): void {
  const t = Math.max(-1, Math.min(1, v));
  if (t >= 0) {
    out[at] = 255;
    out[at + 1] = out[at + 2] = Math.round(255 * (1 - t));
  } else {
    out[at] = out[at + 1] = Math.round(255 * (1 + t));
    out[at + 2] = 255;
  }
  out[at + 3] = 255;
}

/** Ink on paper: 0 white, 1 black. */
export function inkRgb(v: number, out: Uint8ClampedArray, at: number): void {
  const g = Math.round(255 * (1 - Math.max(0, Math.min(1, v))));
  out[at] = out[at + 1] = out[at + 2] = g;
  out[at + 3] = 255;
}
