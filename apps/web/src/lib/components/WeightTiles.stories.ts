import type { Meta, StoryObj } from '@storybook/svelte';
import { dense2dNet, netProps, playgroundAfter } from '../../stories/fixtures.js';
import WeightTiles from './WeightTiles.svelte';

const meta = {
  title: 'Views/Weight tiles',
  component: WeightTiles,
  args: { height: 190 },
} satisfies Meta<typeof WeightTiles>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Playground: Story = {
  args: netProps(playgroundAfter(200)),
};

export const Dense2d: Story = {
  args: netProps(dense2dNet()),
};
