/** Feature matrices and labels as the library takes them, and the checks every entry point runs first. */
import { KelmError } from './errors.js';

/** Row-major samples x features. */
export interface FeatureMatrix {
  data: Float32Array;
  rows: number;
  cols: number;
}

/** Anything shaped like @aelab/datasets' Dataset (features flattened per sample). */
export interface DatasetLike {
  features: Float32Array;
  labels: Int32Array | ArrayLike<number>;
  count: number;
  shape: readonly number[];
}

export function featureMatrix(data: Float32Array | ArrayLike<number> | readonly (readonly number[])[], rows?: number, cols?: number): FeatureMatrix {
  if (Array.isArray(data) && (data.length === 0 || Array.isArray(data[0]))) {
    const nested = data as readonly (readonly number[])[];
    const r = nested.length;
    const c = r > 0 ? nested[0]!.length : 0;
    const out = new Float32Array(r * c);
    nested.forEach((row, i) => {
      if (row.length !== c) throw new KelmError('SHAPE_MISMATCH', `row ${i} has ${row.length} values, row 0 has ${c}`);
      out.set(row, i * c);
    });
    return { data: out, rows: r, cols: c };
  }
  const flat = data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>);
  if (rows === undefined || cols === undefined) throw new KelmError('SHAPE_MISMATCH', 'a flat feature array needs rows and cols');
  const m = { data: flat, rows, cols };
  checkShape(m);
  return m;
}

/** Splits a dataset into the feature matrix and labels the fit functions take. */
export function fromDataset(ds: DatasetLike): { x: FeatureMatrix; labels: Int32Array } {
  const cols = ds.shape.reduce((a, b) => a * b, 1);
  const x = { data: ds.features, rows: ds.count, cols };
  checkShape(x);
  return { x, labels: Int32Array.from(ds.labels) };
}

function checkShape(x: FeatureMatrix, what = 'features'): void {
  if (!Number.isInteger(x.rows) || !Number.isInteger(x.cols) || x.rows < 0 || x.cols < 0) {
    throw new KelmError('SHAPE_MISMATCH', `${what}: rows and cols must be non-negative integers, got ${x.rows} x ${x.cols}`);
  }
  if (x.data.length !== x.rows * x.cols) {
    throw new KelmError('SHAPE_MISMATCH', `${what}: ${x.data.length} values do not make ${x.rows} rows of ${x.cols}`);
  }
}

/** Throws EMPTY_DATA, SHAPE_MISMATCH or NON_FINITE. */
export function checkFeatures(x: FeatureMatrix, what = 'features'): void {
  if (!x || !(x.data instanceof Float32Array)) throw new KelmError('SHAPE_MISMATCH', `${what} must be a Float32Array feature matrix`);
  checkShape(x, what);
  if (x.rows === 0 || x.cols === 0) throw new KelmError('EMPTY_DATA', `${what} are empty (${x.rows} x ${x.cols})`);
  const d = x.data;
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i]!)) {
      throw new KelmError('NON_FINITE', `${what} contain ${d[i]} at row ${Math.floor(i / x.cols)}, column ${i % x.cols}`);
    }
  }
}

/** Throws SHAPE_MISMATCH or NON_FINITE for labels that are not one integer per row. */
export function checkLabels(labels: ArrayLike<number>, rows: number): void {
  if (!labels || labels.length !== rows) {
    throw new KelmError('SHAPE_MISMATCH', `${labels?.length ?? 0} labels for ${rows} samples`);
  }
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i]!;
    if (!Number.isInteger(v)) throw new KelmError('NON_FINITE', `label ${i} is ${v}, not an integer class`);
  }
}

export function checkC(C: number): void {
  if (typeof C !== 'number' || !Number.isFinite(C) || C <= 0) {
    throw new KelmError('INVALID_C', `C must be a positive finite number, got ${C}`);
  }
}

/** Class list (sorted) and the one-hot target matrix, row-major rows x classes in float64. */
export function encodeLabels(labels: ArrayLike<number>): { classes: number[]; targets: Float64Array; index: Int32Array } {
  const classes = [...new Set(Array.from(labels))].sort((a, b) => a - b);
  if (classes.length < 2) {
    throw new KelmError('SINGLE_CLASS', `training labels contain ${classes.length === 0 ? 'no class' : `only class ${classes[0]}`}; a classifier needs at least two`);
  }
  const pos = new Map(classes.map((c, i) => [c, i]));
  const c = classes.length;
  const targets = new Float64Array(labels.length * c);
  const index = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const k = pos.get(labels[i]!)!;
    index[i] = k;
    targets[i * c + k] = 1;
  }
  return { classes, targets, index };
}

/** Rows picked by index, as a new matrix. */
export function takeRows(x: FeatureMatrix, rows: ArrayLike<number>): FeatureMatrix {
  const out = new Float32Array(rows.length * x.cols);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    out.set(x.data.subarray(r * x.cols, (r + 1) * x.cols), i * x.cols);
  }
  return { data: out, rows: rows.length, cols: x.cols };
}

export function takeLabels(labels: ArrayLike<number>, rows: ArrayLike<number>): Int32Array {
  const out = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = labels[rows[i]!]!;
  return out;
}

/** Fraction of predictions equal to the labels. */
export function accuracy(predicted: ArrayLike<number>, labels: ArrayLike<number>): number {
  if (predicted.length !== labels.length) throw new KelmError('SHAPE_MISMATCH', `${predicted.length} predictions for ${labels.length} labels`);
  if (labels.length === 0) throw new KelmError('EMPTY_DATA', 'no labels to score against');
  let hits = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) hits++;
  return hits / labels.length;
}
