import type { Meta, StoryObj } from '@storybook/svelte';
import { dense2dViews, playgroundAfter } from '../../stories/fixtures.js';
import ReconstructionStrip from './ReconstructionStrip.svelte';

const trained = playgroundAfter(200);
const untrained = playgroundAfter(0);
const dense2d = dense2dViews();

const meta = {
  title: 'Views/Reconstruction strip',
  component: ReconstructionStrip,
} satisfies Meta<typeof ReconstructionStrip>;

export default meta;
type Story = StoryObj<typeof meta>;

/** One point per cluster, then more: inputs over their reconstructions after 200 epochs. */
export const Playground: Story = {
  args: { x: trained.data.x, dim: 8, rows: trained.showcase, reconstructions: trained.reconstructions, labels: trained.data.labels },
};

export const Untrained: Story = {
  args: { x: untrained.data.x, dim: 8, rows: untrained.showcase, reconstructions: untrained.reconstructions, labels: untrained.data.labels },
};

/** The shared dense2d fixture on tinyBlobs (4 features). */
export const Dense2d: Story = {
  args: { x: dense2d.blobs.features, dim: 4, rows: dense2d.showcase, reconstructions: dense2d.reconstructions, labels: dense2d.blobs.labels },
};
