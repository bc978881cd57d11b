export { formatFieldPath, getField, parseFieldPath, setField, type PathSegment } from './path.js';
export {
  describeAxis,
  MAX_SWEEP_AXES,
  MAX_SWEEP_RUNS,
  MAX_SWEEP_SEEDS,
  parseSweepValue,
  parseVary,
  sweepAxisSchema,
  sweepRangeSchema,
  sweepSpecSchema,
  sweepValueSchema,
  type SweepAxis,
  type SweepRange,
  type SweepSpec,
  type SweepSpecInput,
  type SweepValue,
} from './spec.js';
export { describeValues, drawFromRange, planSweep, type SweepPlan, type SweepPoint, type SweepRun } from './expand.js';
export {
  aggregateSweep,
  formatMeanStd,
  formatSweepNumber,
  meanStd,
  sweepMetricNames,
  sweepReportTable,
  type MeanStd,
  type SweepRow,
  type SweepRunResult,
  type SweepTable,
} from './aggregate.js';
