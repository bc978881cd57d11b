import type { Meta, StoryObj } from '@storybook/svelte';
import { dense2dViews, playgroundAfter, stripProps } from '../../stories/fixtures.js';
import ReconstructionStrip from './ReconstructionStrip.svelte';

const dense2d = dense2dViews();

const meta = {
  title: 'Views/Reconstruction strip',
  component: ReconstructionStrip,
} satisfies Meta<typeof ReconstructionStrip>;

export default meta;
type Story = StoryObj<typeof meta>;

/** One point per cluster, then more: inputs over their reconstructions after 200 epochs. */
export const Playground: Story = {
  args: stripProps(playgroundAfter(200)),
};

export const Untrained: Story = {
  args: stripProps(playgroundAfter(0)),
};

/** The shared dense2d fixture on tinyBlobs (4 features). */
export const Dense2d: Story = {
  args: { x: dense2d.blobs.features, dim: 4, rows: dense2d.showcase, reconstructions: dense2d.reconstructions, labels: dense2d.blobs.labels },
};
