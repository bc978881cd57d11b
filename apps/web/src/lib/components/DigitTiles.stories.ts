import type { Meta, StoryObj } from '@storybook/svelte';
import { digitsViews, trainedDigits } from '../../stories/digits-fixtures.js';
import DigitTiles from './DigitTiles.svelte';

const meta = {
  title: 'Digits lab/Weight tiles',
  component: DigitTiles,
} satisfies Meta<typeof DigitTiles>;

export default meta;
type Story = StoryObj<typeof meta>;

/** All 100 tiles of the lab's default width, before any training. */
const untrained = () => digitsViews({ units: 100 }, 0);

export const Untrained: Story = {
  args: { tiles: untrained().tiles, count: untrained().tileCount, units: 100 },
};

export const TrainedStrokes: Story = {
  args: { tiles: trainedDigits().tiles, count: trainedDigits().tileCount, units: 24, columns: 8 },
};

export const NotYetSetUp: Story = {
  args: { tiles: null, count: 0 },
};
