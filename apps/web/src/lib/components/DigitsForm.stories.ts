import type { Meta, StoryObj } from '@storybook/svelte';
import { fn } from 'storybook/test';
import { DEFAULT_DIGITS } from '../digits/config.js';
import DigitsForm from './DigitsForm.svelte';

const meta = {
  title: 'Digits lab/Setup form',
  component: DigitsForm,
  args: { onchange: fn() },
} satisfies Meta<typeof DigitsForm>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Defaults: Story = {
  args: { config: DEFAULT_DIGITS },
};

export const OverCompleteWithPenaltyAndNoise: Story = {
  args: { config: { ...DEFAULT_DIGITS, units: 1024, activation: 'sigmoid', penalty: 'L2', form: 'weights', lambda: 1e-7, noise: 0.3, optimizer: 'momentum', learningRate: 0.1 } },
};

export const Disabled: Story = {
  args: { config: DEFAULT_DIGITS, disabled: true },
};
