import type { Meta, StoryObj } from '@storybook/svelte';
import { trainedDigits, untrainedDigits, type DigitsViews } from '../../stories/digits-fixtures.js';
import DigitPairs from './DigitPairs.svelte';

const meta = {
  title: 'Digits lab/Digits and reconstructions',
  component: DigitPairs,
} satisfies Meta<typeof DigitPairs>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The ten shown digits over what the net rebuilds from them. */
const pairs = (v: DigitsViews) => ({ originals: v.originals, reconstructions: v.probe.reconstructions, count: 10 });

export const Untrained: Story = { args: pairs(untrainedDigits()) };

export const Trained: Story = { args: pairs(trainedDigits()) };

export const DigitsOnly: Story = { args: { ...pairs(untrainedDigits()), reconstructions: null } };
