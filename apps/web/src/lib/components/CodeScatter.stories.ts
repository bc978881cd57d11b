import type { Meta, StoryObj } from '@storybook/svelte';
import { dense2dRecordedCodes, dense2dViews, playgroundAfter } from '../../stories/fixtures.js';
import CodeScatter from './CodeScatter.svelte';

const recorded = dense2dRecordedCodes();
const trained = playgroundAfter(200);
const dense2d = dense2dViews();

const meta = {
  title: 'Views/Code scatter',
  component: CodeScatter,
  args: { height: 300 },
} satisfies Meta<typeof CodeScatter>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The default playground net after 200 epochs: three clusters pulled apart in the 2-D code. */
export const Playground200Epochs: Story = {
  args: { codes: trained.codes, labels: trained.data.labels, classNames: trained.data.classNames },
};

/** The shared dense2d fixture before training: codes still mixed. */
export const Dense2dUntrained: Story = {
  args: { codes: recorded.early, labels: recorded.labels, classNames: ['cluster 0', 'cluster 1', 'cluster 2'] },
};

/** The shared dense2d fixture after its 30 epochs. */
export const Dense2dTrained: Story = {
  args: { codes: dense2d.codes, labels: dense2d.blobs.labels, classNames: dense2d.blobs.classNames },
};

export const Empty: Story = {
  args: { codes: null, labels: null, classNames: [] },
};
