import type { LabelledSet, Matrix } from './table-data.js';

/** One image moved by (dy, dx) pixels; what moves in from outside the frame is 0 (the digits' background). */
function shiftInto(src: Float32Array, srcOffset: number, dst: Float32Array, dstOffset: number, h: number, w: number, dy: number, dx: number): void {
  for (let r = 0; r < h; r++) {
    const sr = r - dy;
    if (sr < 0 || sr >= h) continue;
    for (let c = 0; c < w; c++) {
      const sc = c - dx;
      if (sc >= 0 && sc < w) dst[dstOffset + r * w + c] = src[srcOffset + sr * w + sc]!;
    }
  }
}

/** The four one-axis moves of every distance 1..shift: small translations keep a digit's class. */
export function shiftOffsets(shift: number): [number, number][] {
  const out: [number, number][] = [];
  for (let s = 1; s <= shift; s++) out.push([s, 0], [-s, 0], [0, s], [0, -s]);
  return out;
}

/** The samples followed by each shifted copy of all of them (so row i + k * rows is row i moved by offset k). */
export function shiftedCopies(x: Matrix, imageShape: [number, number], shift: number): Matrix {
  const [h, w] = imageShape;
  if (h * w !== x.cols) throw new Error(`images of ${h}x${w} do not match ${x.cols} features`);
  const offsets = shiftOffsets(shift);
  const data = new Float32Array(x.data.length * (1 + offsets.length));
  data.set(x.data, 0);
  offsets.forEach(([dy, dx], k) => {
    const base = (k + 1) * x.rows * x.cols;
    for (let i = 0; i < x.rows; i++) shiftInto(x.data, i * x.cols, data, base + i * x.cols, h, w, dy, dx);
  });
  return { data, rows: x.rows * (1 + offsets.length), cols: x.cols };
}

/** `shiftedCopies` with the labels repeated to match. */
export function shiftedSet(set: LabelledSet, imageShape: [number, number], shift: number): LabelledSet {
  const x = shiftedCopies(set.x, imageShape, shift);
  const y = new Int32Array(x.rows);
  for (let k = 0; k < x.rows / set.y.length; k++) y.set(set.y, k * set.y.length);
  return { x, y };
}

/** Rows of `a` and `b` side by side: [a_i, b_i] (the codes and the pixels of one sample). */
export function concatColumns(a: Matrix, b: Matrix): Matrix {
  if (a.rows !== b.rows) throw new Error(`cannot concatenate ${a.rows} rows with ${b.rows}`);
  const cols = a.cols + b.cols;
  const data = new Float32Array(a.rows * cols);
  for (let i = 0; i < a.rows; i++) {
    data.set(a.data.subarray(i * a.cols, (i + 1) * a.cols), i * cols);
    data.set(b.data.subarray(i * b.cols, (i + 1) * b.cols), i * cols + a.cols);
  }
  return { data, rows: a.rows, cols };
}

/** Rows of `a` then rows of `b`. */
export function concatRows(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.cols) throw new Error(`cannot stack ${a.cols} columns on ${b.cols}`);
  const data = new Float32Array(a.data.length + b.data.length);
  data.set(a.data, 0);
  data.set(b.data, a.data.length);
  return { data, rows: a.rows + b.rows, cols: a.cols };
}
