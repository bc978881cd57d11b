import type { Meta, StoryObj } from '@storybook/svelte';
import { digitsViews } from '../../stories/digits-fixtures.js';
import CodeHistogram from './CodeHistogram.svelte';

const meta = {
  title: 'Digits lab/Code histogram',
  component: CodeHistogram,
  args: { threshold: 0.05 },
} satisfies Meta<typeof CodeHistogram>;

export default meta;
type Story = StoryObj<typeof meta>;

export const ReluWithL1: Story = {
  args: { histogram: digitsViews({ units: 24, penalty: 'L1', form: 'activity', lambda: 1e-4 }, 300).probe.histogram },
};

export const Sigmoid: Story = {
  args: { histogram: digitsViews({ units: 24, activation: 'sigmoid' }, 300).probe.histogram },
};

export const Empty: Story = {
  args: { histogram: null },
};
