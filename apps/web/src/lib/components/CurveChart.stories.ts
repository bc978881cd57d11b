import type { Meta, StoryObj } from '@storybook/svelte';
import { compareCurves, runCurves } from '../runs/series.js';
import { recordedRun, recordedRuns } from '../../stories/runs.js';
import LiveRunStory from '../../stories/LiveRunStory.svelte';
import CurveChart from './CurveChart.svelte';

const slow = recordedRun('fixture-dense2d-slow');
const stacked = recordedRun('fixture-stacked');

const meta = {
  title: 'Runs/Curve chart',
  component: CurveChart,
  args: { series: runCurves(slow.detail.history, 'rmse').series, yLabel: 'rmse', logScale: true },
} satisfies Meta<typeof CurveChart>;

export default meta;
type Story = StoryObj<typeof meta>;

/** One recorded run's training and validation RMSE over 30 epochs. */
export const TrainingAndValidation: Story = {};

export const LinearScale: Story = { args: { logScale: false } };

/** A greedy stack: level 1, level 2 and fine-tuning side by side on one epoch axis. */
export const GreedyStackStages: Story = {
  args: { ...runCurves(stacked.detail.history, 'loss'), yLabel: 'loss' },
};

/** Four recorded runs overlaid, as the comparison draws them (validation dashed). */
export const Comparison: Story = {
  args: {
    series: compareCurves(
      recordedRuns().map((r) => ({ id: r.detail.id, label: r.detail.name ?? r.detail.id, points: r.detail.history })),
      'rmse',
    ),
    height: 300,
  },
};

export const NoEpochsYet: Story = { args: { series: runCurves([], 'rmse').series } };

/** The run page's store fed a recorded event stream: the curve grows as a subscription delivers epochs. */
export const LiveReplay: StoryObj<typeof LiveRunStory> = {
  render: (args) => ({ Component: LiveRunStory, props: args }),
  args: { run: 'fixture-dense2d', startAt: 0, eventsPerSecond: 15 },
};
