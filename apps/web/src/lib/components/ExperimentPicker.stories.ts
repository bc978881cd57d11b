import { experimentInfos } from '@aelab/core';
import type { Meta, StoryObj } from '@storybook/svelte';
import { fn } from 'storybook/test';
import ExperimentPicker from './ExperimentPicker.svelte';

const experiments = experimentInfos();

const meta = {
  title: 'Experiments/Picker',
  component: ExperimentPicker,
  args: { experiments, selected: null, onselect: fn() },
} satisfies Meta<typeof ExperimentPicker>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Nothing: Story = {};
export const Picked: Story = { args: { selected: 'ddae' } };
