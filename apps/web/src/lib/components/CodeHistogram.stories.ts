import type { Meta, StoryObj } from '@storybook/svelte';
import { SPARSENESS_THRESHOLD } from '../digits/config.js';
import { digitsViews, l1Digits } from '../../stories/digits-fixtures.js';
import CodeHistogram from './CodeHistogram.svelte';

const meta = {
  title: 'Digits lab/Code histogram',
  component: CodeHistogram,
  args: { threshold: SPARSENESS_THRESHOLD },
} satisfies Meta<typeof CodeHistogram>;

export default meta;
type Story = StoryObj<typeof meta>;

export const ReluWithL1: Story = {
  args: { histogram: l1Digits().probe.histogram },
};

export const Sigmoid: Story = {
  args: { histogram: digitsViews({ units: 24, activation: 'sigmoid' }, 300).probe.histogram },
};

export const Empty: Story = {
  args: { histogram: null },
};
