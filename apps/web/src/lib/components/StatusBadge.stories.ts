import type { Meta, StoryObj } from '@storybook/svelte';
import StatusBadge from './StatusBadge.svelte';

const meta = {
  title: 'Runs/Status badge',
  component: StatusBadge,
  args: { status: 'succeeded' },
  argTypes: { status: { control: 'select', options: ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted'] } },
} satisfies Meta<typeof StatusBadge>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Queued: Story = { args: { status: 'queued' } };
export const Running: Story = { args: { status: 'running' } };
export const Succeeded: Story = { args: { status: 'succeeded' } };
export const Failed: Story = { args: { status: 'failed' } };
export const Cancelled: Story = { args: { status: 'cancelled' } };
export const Interrupted: Story = { args: { status: 'interrupted' } };
