import type { Meta, StoryObj } from '@storybook/svelte';
import LiveIndicator from './LiveIndicator.svelte';

const meta = {
  title: 'Runs/Live indicator',
  component: LiveIndicator,
  args: { state: 'live' },
} satisfies Meta<typeof LiveIndicator>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Live: Story = {};
export const Reconnecting: Story = { args: { state: 'connecting' } };
export const Off: Story = { args: { state: 'off' } };
