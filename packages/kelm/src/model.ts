/** The fitted models. Plain data (typed arrays and numbers), so they serialise and cross workers unchanged. */
import type { Kernel } from './kernels.js';

export interface SolveInfo {
  method: 'float32-pcg' | 'float64' | 'native';
  iterations: number;
  relativeResidual: number;
  raisedPivots: number;
  /** Wall-clock seconds of the whole fit. */
  seconds: number;
  /** Seconds in the solver: forming the matrix (kernel), factoring it, refining the solution. */
  timings: { matrix: number; factor: number; refine: number };
  /**
   * The tfjs backend the fit ran on (a stand-in when the caller's cannot read synchronously; see backend.ts), or
   * the native solver's name.
   */
  backend?: string;
}

/** KELM (support = all training rows) and Nystrom KELM (support = the centres): f(x) = K(x, support) coef. */
export interface KernelModel {
  kind: 'kelm' | 'nystrom';
  kernel: Kernel;
  C: number;
  classes: number[];
  dim: number;
  /** m x dim, row-major. */
  support: Float32Array;
  /** m x classes, row-major. */
  coef: Float64Array;
  solve: SolveInfo;
}

export type Activation = 'sigmoid' | 'tanh' | 'relu' | 'rbf';

/** ELM / RELM: f(x) = g(x W + b) beta, or for rbf g_j = exp(-b_j ||x - w_j||^2). */
export interface ElmModel {
  kind: 'elm';
  activation: Activation;
  hidden: number;
  /** null for plain ELM (least squares), a number for RELM. */
  C: number | null;
  seed: number;
  classes: number[];
  dim: number;
  /** dim x hidden, row-major: input weights, or the rbf centres as columns. */
  weights: Float32Array;
  /** hidden: biases, or the rbf rates. */
  biases: Float32Array;
  /** hidden x classes, row-major. */
  beta: Float64Array;
  solve: SolveInfo;
}

export type Model = KernelModel | ElmModel;
