import type { Meta, StoryObj } from '@storybook/svelte';
import { runColor } from '../runs/series.js';
import { recordedRun, recordedRuns } from '../../stories/runs.js';
import ConfigDiff from './ConfigDiff.svelte';

const pair = [recordedRun('fixture-dense2d'), recordedRun('fixture-dense2d-slow')];
const columns = (runs: ReturnType<typeof recordedRuns>) => runs.map((r, i) => ({ id: r.detail.id, label: r.detail.name ?? r.detail.id, color: runColor(i) }));

const meta = {
  title: 'Runs/Config diff',
  component: ConfigDiff,
  args: { columns: columns(pair), configs: pair.map((r) => r.detail.config) },
} satisfies Meta<typeof ConfigDiff>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Two recorded runs that differ in learning rate and validation split. */
export const TwoRuns: Story = {};

/** A dense net, a greedy stack and an MNIST net: most fields differ or exist in only some. */
export const DifferentModels: Story = {
  args: { columns: columns(recordedRuns().slice(1)), configs: recordedRuns().slice(1).map((r) => r.detail.config) },
};

export const Identical: Story = { args: { configs: [pair[0]!.detail.config, pair[0]!.detail.config] } };
