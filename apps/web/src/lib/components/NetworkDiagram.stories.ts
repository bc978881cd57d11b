import type { Meta, StoryObj } from '@storybook/svelte';
import { dense2dNet, netProps, playgroundAfter } from '../../stories/fixtures.js';
import NetworkDiagram from './NetworkDiagram.svelte';

const meta = {
  title: 'Views/Network diagram',
  component: NetworkDiagram,
  args: { height: 280 },
} satisfies Meta<typeof NetworkDiagram>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The default 8-8-2-8-8 net after 200 epochs; hover a line or a node for its exact value. */
export const Playground: Story = {
  args: { ...netProps(playgroundAfter(200)), codeLayer: 1 },
};

/** The shared, trained dense2d fixture (4-3-2-3-4). */
export const Dense2d: Story = {
  args: { ...netProps(dense2dNet()), codeLayer: 1 },
};

/** Freshly initialised (Glorot uniform, zero biases: white nodes). */
export const Untrained: Story = {
  args: { ...netProps(playgroundAfter(0)), codeLayer: 1 },
};

export const NotSetUp: Story = {
  args: { layout: [], params: null },
};
