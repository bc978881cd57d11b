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
