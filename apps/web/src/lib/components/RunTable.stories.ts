import type { Meta, StoryObj } from '@storybook/svelte';
import { fn } from 'storybook/test';
import { runListFixture } from '../../stories/runs.js';
import RunTable from './RunTable.svelte';

const runs = runListFixture();

const meta = {
  title: 'Runs/Run table',
  component: RunTable,
  args: { runs, href: (id: string) => `#/runs/${id}`, onaction: fn(), now: Date.parse(runs.at(-1)!.finishedAt ?? runs.at(-1)!.createdAt) + 60_000 },
} satisfies Meta<typeof RunTable>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Four recorded runs and copies of them in every other state (queued, running, failed, interrupted, cancelled). */
export const EveryStatus: Story = {};

/** Two runs ticked for comparison, one with an action in flight. */
export const Selected: Story = {
  args: { selected: [runs.at(-1)!.id, runs.at(-2)!.id], busy: [runs[1]!.id] },
};

export const Recorded: Story = { args: { runs: runs.slice(-4) } };
