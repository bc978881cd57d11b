import { experimentDefinition, experimentInfos } from '@aelab/core';
import type { Meta, StoryObj } from '@storybook/svelte';
import type { Problem } from '../api/errors.js';
import ExperimentForm from './ExperimentForm.svelte';

const ddae = experimentInfos().find((x) => x.name === 'ddae')!;
const accept = async (): Promise<Problem | null> => null;

const meta = {
  title: 'Experiments/Options form',
  component: ExperimentForm,
  args: { experiment: ddae, schema: experimentDefinition('ddae')!.options, onstart: accept },
} satisfies Meta<typeof ExperimentForm>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The DDAE options with their schema defaults: valid, Start is enabled. */
export const Defaults: Story = {};

/** The quick preset and a tiny configuration, as the end-to-end test starts it. */
export const Tiny: Story = {
  args: {
    initial: { quick: true, limitTrain: 300, limitTest: 100, models: ['ELM', 'KELM'], config: { elm: { hidden: [50], seeds: 2 }, kelm: { C: [10], sigmaScales: [0.7] } } },
  },
};

/** What the schema refuses, each at its field in plain words; Start stays disabled. */
export const Invalid: Story = { args: { initial: { seeds: 0, limitTrain: 2.5, config: [1, 2] } } };

/** Valid for the schema, refused by the server: its message and code appear under the button. */
export const ServerRefuses: Story = {
  args: { onstart: async () => ({ kind: 'refused', code: 'LIMIT_EXCEEDED', message: '20 runs are already queued (limit 20); wait or cancel some' }) },
};

/** An experiment this build has no schema for: the server alone checks it. */
export const WithoutSchema: Story = { args: { schema: undefined } };
