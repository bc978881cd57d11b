import type { Meta, StoryObj } from '@storybook/svelte';
import { dense2dNet, playgroundAfter } from '../../stories/fixtures.js';
import WeightTiles from './WeightTiles.svelte';

const meta = {
  title: 'Views/Weight tiles',
  component: WeightTiles,
  args: { height: 190 },
} satisfies Meta<typeof WeightTiles>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Playground: Story = {
  args: { layout: playgroundAfter(200).layout, params: playgroundAfter(200).params },
};

export const Dense2d: Story = {
  args: { layout: dense2dNet().layout, params: dense2dNet().params },
};
