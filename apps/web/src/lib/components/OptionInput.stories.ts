import { experimentInfos } from '@aelab/core';
import type { Meta, StoryObj } from '@storybook/svelte';
import { fn } from 'storybook/test';
import OptionInput from './OptionInput.svelte';

const fields = experimentInfos().find((x) => x.name === 'ddae')!.fields;
const field = (name: string) => fields.find((f) => f.name === name)!;

const meta = {
  title: 'Experiments/Option input',
  component: OptionInput,
  args: { field: field('quick'), value: true, onchange: fn() },
} satisfies Meta<typeof OptionInput>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Checkbox: Story = {};
export const WholeNumberWithRange: Story = { args: { field: field('seeds'), value: '3' } };
export const NumberRefused: Story = { args: { field: field('seeds'), value: '0', error: 'Must be more than 0.' } };
export const Select: Story = { args: { field: field('dataset'), value: 'usps' } };
export const MultiSelect: Story = { args: { field: field('models'), value: ['ELM', 'KELM', 'DDAE'] } };
export const Text: Story = { args: { field: field('splitFile'), value: '' } };
export const Json: Story = { args: { field: field('config'), value: '{\n  "kelm": { "C": [10] }\n}' } };
export const JsonRefused: Story = { args: { field: field('config'), value: '{ "kelm": ', error: 'This is not valid JSON (Unexpected end of JSON input).' } };
