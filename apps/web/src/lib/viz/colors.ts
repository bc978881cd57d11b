/** Okabe–Ito plus two: distinguishable with the common colour-vision deficiencies. */
export const CLASS_COLORS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442', '#000000', '#999999', '#882255'] as const;

export function classColor(label: number): string {
  return CLASS_COLORS[((label % CLASS_COLORS.length) + CLASS_COLORS.length) % CLASS_COLORS.length]!;
}

type Rgb = [number, number, number];

const NEGATIVE: Rgb = [33, 102, 172];
const MIDDLE: Rgb = [247, 247, 247];
const POSITIVE: Rgb = [178, 24, 43];

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

function css([r, g, b]: Rgb): string {
  return `rgb(${Math.round(r)},${Math.round(g)},${Math.round(b)})`;
}

/**
 * Diverging scale for weights and biases: blue below zero, near-white at zero, red above, saturating at
 * ±`limit`. Returns a CSS colour.
 */
export function divergingColor(value: number, limit: number): string {
  if (!Number.isFinite(value)) return '#888';
  const t = limit > 0 ? Math.max(-1, Math.min(1, value / limit)) : 0;
  return css(t < 0 ? mix(MIDDLE, NEGATIVE, -t) : mix(MIDDLE, POSITIVE, t));
}

const SEQUENTIAL: Rgb[] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

/** Viridis-like sequential scale for values in [0, 1] (feature values in the reconstruction strip). */
export function sequentialColor(value: number): string {
  if (!Number.isFinite(value)) return '#888';
  const t = Math.max(0, Math.min(1, value)) * (SEQUENTIAL.length - 1);
  const i = Math.min(SEQUENTIAL.length - 2, Math.floor(t));
  return css(mix(SEQUENTIAL[i]!, SEQUENTIAL[i + 1]!, t - i));
}

/** The largest |value| in a range of an array (for the diverging scale's limit); at least `floor`. */
export function maxAbs(values: ArrayLike<number>, start = 0, end = values.length, floor = 1e-6): number {
  let m = floor;
  for (let i = start; i < end; i++) {
    const v = Math.abs(values[i]!);
    if (v > m) m = v;
  }
  return m;
}

/** A short, exact-enough rendering of a parameter for tooltips and labels. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const a = Math.abs(value);
  return a >= 1e-3 && a < 1e4 ? value.toFixed(4).replace(/\.?0+$/, '') : value.toExponential(3);
}
