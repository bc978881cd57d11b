import type { Meta, StoryObj } from '@storybook/svelte';
import { digitsViews } from '../../stories/digits-fixtures.js';
import DigitPairs from './DigitPairs.svelte';

const meta = {
  title: 'Digits lab/Digits and reconstructions',
  component: DigitPairs,
} satisfies Meta<typeof DigitPairs>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Untrained: Story = {
  args: { originals: digitsViews({ units: 24 }, 0).originals, reconstructions: digitsViews({ units: 24 }, 0).probe.reconstructions, count: 10 },
};

export const Trained: Story = {
  args: { originals: digitsViews({ units: 24 }, 300).originals, reconstructions: digitsViews({ units: 24 }, 300).probe.reconstructions, count: 10 },
};

export const DigitsOnly: Story = {
  args: { originals: digitsViews({ units: 24 }, 0).originals, reconstructions: null, count: 10 },
};
