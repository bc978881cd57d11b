import type { Meta, StoryObj } from '@storybook/svelte';
import { dense2dHistory, playgroundAfter } from '../../stories/fixtures.js';
import LossChart from './LossChart.svelte';

const meta = {
  title: 'Views/Loss chart',
  component: LossChart,
  args: { height: 240, logScale: true },
} satisfies Meta<typeof LossChart>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Training and validation RMSE of the default playground net over 300 epochs. */
export const TrainAndValidation: Story = {
  args: { history: playgroundAfter(300).history },
};

/** The shared dense2d run (no validation split): one curve. */
export const TrainingOnly: Story = {
  args: { history: dense2dHistory() },
};

export const LinearScale: Story = {
  args: { history: playgroundAfter(300).history, logScale: false },
};

export const BeforeTheFirstEpoch: Story = {
  args: { history: [] },
};
