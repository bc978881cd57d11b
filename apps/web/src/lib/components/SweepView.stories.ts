import type { Meta, StoryObj } from '@storybook/svelte';
import { fixtureSweep, GRID, RANDOM } from '../../stories/sweeps.js';
import SweepViewStory from '../../stories/SweepViewStory.svelte';

const meta = {
  title: 'Sweeps/Results table and parallel coordinates',
  component: SweepViewStory,
  args: { table: fixtureSweep(GRID) },
} satisfies Meta<typeof SweepViewStory>;

export default meta;
type Story = StoryObj<typeof meta>;

/**
 * A finished grid: four learning rates (a log axis: they span three decades) × two widths, three seeds each, mean ±
 * std per point; one run failed, so its point averages two seeds. Hover a row or a line to light up its twin.
 */
export const FinishedGrid: Story = {};

/** Half-way: points with no finished seed have no metrics yet; their lines stop at the field axes. */
export const Filling: Story = { args: { table: fixtureSweep(GRID, 11) } };

/** Twelve seeded random draws with a word-valued field (activation) as a category axis, coloured by sparseness. */
export const RandomDraws: Story = { args: { table: fixtureSweep(RANDOM), shadeBy: 'testSparseness' } };

export const NothingFinished: Story = { args: { table: fixtureSweep(GRID, 0) } };
