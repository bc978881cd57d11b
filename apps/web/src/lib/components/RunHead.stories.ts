import type { Meta, StoryObj } from '@storybook/svelte';
import { fn } from 'storybook/test';
import { partway, recordedRun, summaryOf } from '../../stories/runs.js';
import RunHead from './RunHead.svelte';

const dense = recordedRun('fixture-dense2d');

const meta = {
  title: 'Runs/Run head',
  component: RunHead,
  args: { run: summaryOf(dense.detail), onaction: fn() },
} satisfies Meta<typeof RunHead>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A finished run: no live indicator, and its time stands still. The pages add their own facts in snippets. */
export const Finished: Story = {};

/** Partway and followed live: its time grows every second. */
export const Running: Story = { args: { run: summaryOf(partway(dense, 5).detail), live: 'live' } };

export const Busy: Story = { args: { busy: true } };
