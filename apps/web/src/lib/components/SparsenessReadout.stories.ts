import type { Meta, StoryObj } from '@storybook/svelte';
import { l1Digits, trainedDigits } from '../../stories/digits-fixtures.js';
import SparsenessReadout from './SparsenessReadout.svelte';

const meta = {
  title: 'Digits lab/Sparseness readout',
  component: SparsenessReadout,
  args: { digits: 200 },
} satisfies Meta<typeof SparsenessReadout>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Relu: Story = {
  args: { sparseness: trainedDigits().probe.sparseness },
};

export const BesideTheReport: Story = {
  args: { sparseness: l1Digits().probe.sparseness, reported: 0.99 },
};

export const NotMeasured: Story = {
  args: { sparseness: null },
};
