import type { Meta, StoryObj } from '@storybook/svelte';
import { childRuns, recordedExperimentEvents } from '../../stories/experiments.js';
import { applyExperimentEvent, emptyView, mergeJobs } from '../experiments/live.js';
import ExperimentJobs from './ExperimentJobs.svelte';

const finished = recordedExperimentEvents('p1').reduce(applyExperimentEvent, emptyView()).jobs;
const planned = applyExperimentEvent(emptyView(), recordedExperimentEvents('p2').find((e) => e.type === 'plan')!).jobs;

const meta = {
  title: 'Experiments/Jobs',
  component: ExperimentJobs,
  args: { jobs: finished, href: (id: string) => `#/runs/${id}` },
} satisfies Meta<typeof ExperimentJobs>;

export default meta;
type Story = StoryObj<typeof meta>;

export const AllDone: Story = {};
/** Mid-run: the plan's jobs with the child runs the server has so far (one failed). */
export const Mixed: Story = { args: { jobs: mergeJobs(planned, childRuns('p2', ['succeeded', 'failed', 'running'])), selected: ['p2-mnist-elm'] } };
export const NotPlannedYet: Story = { args: { jobs: [] } };
