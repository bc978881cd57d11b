import type { MetricPoint } from '@aelab/server';
import { CLASS_COLORS } from '../viz/colors.js';
import { curveOf, stageMarks, timeCurveOf, validationTwin, type CurvePoint, type StageMark } from './curves.js';

/** A run's column in a comparison table (metrics, config diff): its header and the colour of its curves. */
export interface RunColumn {
  id: string;
  label: string;
  color?: string;
}

export interface CurveSeries {
  id: string;
  label: string;
  color: string;
  dashed?: boolean;
  points: CurvePoint[];
}

const TRAIN = '#0072b2';
const VALIDATION = '#d55e00';

/** What a curve's x axis counts: epochs, or seconds of training. */
export type CurveAxis = 'epoch' | 'time';

/** One run's curve for a metric: training solid, validation (when the run has it) dashed; over epochs or training time. */
export function runCurves(points: MetricPoint[], metric: string, axis: CurveAxis = 'epoch'): { series: CurveSeries[]; stages: StageMark[] } {
  const curve = axis === 'time' ? timeCurveOf : curveOf;
  const series: CurveSeries[] = [{ id: metric, label: `training ${metric}`, color: TRAIN, points: curve(points, metric) }];
  const twin = validationTwin(metric);
  const val = curve(points, twin);
  if (val.length > 0) series.push({ id: twin, label: `validation ${metric}`, color: VALIDATION, dashed: true, points: val });
  // Stage marks sit at epochs; on the time axis the stages show as the curve's own breaks.
  return { series, stages: axis === 'time' ? [] : stageMarks(points) };
}

/** Colour of the i-th run in a comparison (colour-blind-safe palette). */
export function runColor(i: number): string {
  return CLASS_COLORS[i % CLASS_COLORS.length]!;
}

/** Several runs overlaid: one colour per run, training solid and validation dashed. */
export function compareCurves(runs: { id: string; label: string; points: MetricPoint[] }[], metric: string, withValidation = true): CurveSeries[] {
  const twin = validationTwin(metric);
  return runs.flatMap((r, i) => {
    const out: CurveSeries[] = [{ id: `${r.id}:${metric}`, label: r.label, color: runColor(i), points: curveOf(r.points, metric) }];
    const val = withValidation ? curveOf(r.points, twin) : [];
    if (val.length > 0) out.push({ id: `${r.id}:${twin}`, label: `${r.label} (validation)`, color: runColor(i), dashed: true, points: val });
    return out;
  });
}
