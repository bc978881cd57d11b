import type { Meta, StoryObj } from '@storybook/svelte';
import { offlineArtifacts, recordedRun, recordedText } from '../../stories/runs.js';
import ArtifactGallery from './ArtifactGallery.svelte';

const mnist = recordedRun('mnist-9');
const dense = recordedRun('fixture-dense2d');

const meta = {
  title: 'Runs/Artifact gallery',
  component: ArtifactGallery,
  args: { artifacts: offlineArtifacts(mnist), loadText: recordedText(mnist) },
} satisfies Meta<typeof ArtifactGallery>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A recorded MNIST run: first-layer weight maps, inputs over reconstructions, reports (open one), model files. */
export const WeightMapsAndReconstructions: Story = {};

/** The recorded dense2d run: the code scatter and 60 snapshot files, folded away. */
export const CodesAndSnapshots: Story = { args: { artifacts: offlineArtifacts(dense), loadText: recordedText(dense) } };

/** Files of a run still writing (or one that died): every file marked in progress. */
export const InProgress: Story = { args: { artifacts: offlineArtifacts(mnist, false) } };

export const NoFilesYet: Story = { args: { artifacts: [] } };
