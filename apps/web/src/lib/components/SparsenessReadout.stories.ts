import type { Meta, StoryObj } from '@storybook/svelte';
import { digitsViews } from '../../stories/digits-fixtures.js';
import SparsenessReadout from './SparsenessReadout.svelte';

const meta = {
  title: 'Digits lab/Sparseness readout',
  component: SparsenessReadout,
  args: { digits: 200 },
} satisfies Meta<typeof SparsenessReadout>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Relu: Story = {
  args: { sparseness: digitsViews({ units: 24 }, 300).probe.sparseness },
};

export const BesideTheReport: Story = {
  args: { sparseness: digitsViews({ units: 24, penalty: 'L1', form: 'activity', lambda: 1e-4 }, 300).probe.sparseness, reported: 0.99 },
};

export const NotMeasured: Story = {
  args: { sparseness: null },
};
