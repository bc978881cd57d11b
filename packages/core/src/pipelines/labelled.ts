/** Row-major samples. */
export interface Matrix {
  data: Float32Array;
  rows: number;
  cols: number;
}

export interface LabelledSet {
  x: Matrix;
  y: Int32Array;
}

/**
 * The first sample of each class 0..classes-1, in class order (test parts are often sorted by class): the same few
 * digits in every reconstruction figure of a run. A class without samples is skipped.
 */
export function firstOfEachClass(set: LabelledSet, classes: number): Matrix {
  const { x, y } = set;
  const picks: number[] = [];
  for (let c = 0; c < classes; c++) {
    const i = y.indexOf(c);
    if (i >= 0) picks.push(i);
  }
  const data = new Float32Array(picks.length * x.cols);
  picks.forEach((i, k) => data.set(x.data.subarray(i * x.cols, (i + 1) * x.cols), k * x.cols));
  return { data, rows: picks.length, cols: x.cols };
}
