import type { Meta, StoryObj } from '@storybook/svelte';
import { fn } from 'storybook/test';
import { actionsFor } from '../runs/list.js';
import RunActions from './RunActions.svelte';

const meta = {
  title: 'Runs/Run actions',
  component: RunActions,
  args: { label: 'fixture-dense2d', onaction: fn() },
} satisfies Meta<typeof RunActions>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Running: Story = { args: { actions: actionsFor('running') } };
export const Interrupted: Story = { args: { actions: actionsFor('interrupted') } };
export const Succeeded: Story = { args: { actions: actionsFor('succeeded') } };
export const Busy: Story = { args: { actions: actionsFor('failed'), busy: true } };
