import type { Meta, StoryObj } from '@storybook/svelte';
import { configText, type SubmitOutcome } from '../runs/submit.js';
import SubmitRunForm from './SubmitRunForm.svelte';

const accept = async (): Promise<SubmitOutcome> => ({ ok: true, id: 'r-1', label: 'demo run' });

const meta = {
  title: 'Runs/Submit form',
  component: SubmitRunForm,
  args: { onsubmit: accept },
} satisfies Meta<typeof SubmitRunForm>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The quick Gaussian demo config, valid: Submit is enabled. */
export const Starter: Story = {};

export const FromPreset: Story = { args: { initial: configText('demo-2d') } };

/** Schema problems listed by path; Submit stays disabled. */
export const InvalidConfig: Story = { args: { initial: '{\n  "seed": 1.5,\n  "training": { "epochs": 0 }\n}' } };

export const BrokenJson: Story = { args: { initial: '{\n  "training": {\n    "epochs": 3,\n  }\n}' } };

/** Valid for the schema, refused by the server: its message and code appear under the editor. */
export const ServerRefuses: Story = {
  args: {
    onsubmit: async (): Promise<SubmitOutcome> => ({
      ok: false,
      problem: { kind: 'error', code: 'LIMIT_EXCEEDED', message: '10000 runs are already queued (limit 10000); wait or cancel some' },
    }),
  },
};
