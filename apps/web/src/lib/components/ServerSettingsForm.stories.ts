import type { Meta, StoryObj } from '@storybook/svelte';
import { fn } from 'storybook/test';
import { ServerSettings } from '../api/settings.svelte.js';
import ServerSettingsForm from './ServerSettingsForm.svelte';

const meta = {
  title: 'Runs/Server settings',
  component: ServerSettingsForm,
  args: { settings: new ServerSettings('http://127.0.0.1:7070'), onchange: fn() },
} satisfies Meta<typeof ServerSettingsForm>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};
