/**
 * @aelab/kelm: ELM, RELM and kernel ELM classifiers on TensorFlow.js, with a float32-factor / float64-refined
 * Cholesky solver, Nystrom KELM for large training sets, grid search, and save/load.
 * Uses whatever tfjs backend is active (the WASM backend is the fast one on CPU).
 */
export { KelmError, type KelmErrorCode } from './errors.js';
export { accuracy, featureMatrix, fromDataset, takeLabels, takeRows, type DatasetLike, type FeatureMatrix } from './data.js';
export { describeKernel, kernelSchema, kernelTypes, parseKernel, type Kernel, type KernelInput, type KernelType } from './kernels.js';
export { kelmFit, type KelmOptions } from './kelm.js';
export { elmFit, evaluateSeeds, relmFit, summarise, type ElmOptions, type SeedRun, type SeedSummary } from './elm.js';
export { activations } from './hidden.js';
export { nystromFit, type NystromOptions } from './nystrom.js';
export { elmPredict, kernelPredict, kernelPredict as kelmPredict, predict, type Prediction, type PredictOptions } from './predict.js';
export {
  defaultCs,
  defaultGrid,
  defaultSigmaFactors,
  gridSearch,
  kernelWith,
  medianPairwiseDistance,
  splits,
  type Grid,
  type GridCell,
  type GridSearchOptions,
  type GridSearchResult,
  type Validation,
} from './selection.js';
export { deserializeModel, MODEL_FORMAT, MODEL_VERSION, serializeModel, type ModelManifest } from './serialize.js';
export type { Activation, ElmModel, KernelModel, Model, SolveInfo } from './model.js';
export type { Progress, SolverOptions } from './options.js';
export { solveSpd, denseSource, type SpdSolveOptions, type SpdSolveResult, type SymmetricSource } from './linalg/spd.js';
export { cholesky64, invertLower64, solveLower64, solveUpperT64, spdSolve64 } from './linalg/dense64.js';
