import type { Meta, StoryObj } from '@storybook/svelte';
import { runColor } from '../runs/series.js';
import { recordedRuns } from '../../stories/runs.js';
import MetricsCompare from './MetricsCompare.svelte';

const runs = recordedRuns();
const columns = runs.map((r, i) => ({ id: r.detail.id, label: r.detail.name ?? r.detail.id, color: runColor(i) }));

const meta = {
  title: 'Runs/Metrics side by side',
  component: MetricsCompare,
  args: { columns: columns.slice(0, 2), metrics: runs.slice(0, 2).map((r) => r.detail.metrics) },
} satisfies Meta<typeof MetricsCompare>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Final metrics of two recorded runs, the better value of each row marked. */
export const TwoRuns: Story = {};

/** All four recorded runs: metrics only some runs have (accuracy of the stack's fine-tuning) stay blank elsewhere. */
export const FourRuns: Story = { args: { columns, metrics: runs.map((r) => r.detail.metrics) } };

export const NoMetrics: Story = { args: { columns: columns.slice(0, 1), metrics: [{}] } };
