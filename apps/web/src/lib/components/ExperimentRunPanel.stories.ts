import type { Meta, StoryObj } from '@storybook/svelte';
import { fn } from 'storybook/test';
import { childRuns, recordedExperimentEvents } from '../../stories/experiments.js';
import { applyExperimentEvent, emptyView, mergeJobs } from '../experiments/live.js';
import ExperimentRunPanel from './ExperimentRunPanel.svelte';

const events = recordedExperimentEvents('p1');
const done = events.reduce(applyExperimentEvent, emptyView());
// Up to the second DDAE seed's progress: three rows, one job running.
const midway = events.slice(0, events.findLastIndex((e) => e.type === 'job-progress') + 1).reduce(applyExperimentEvent, emptyView());

const meta = {
  title: 'Experiments/Experiment run',
  component: ExperimentRunPanel,
  args: { status: 'succeeded', view: done, jobs: done.jobs, reportUrl: '#report.html', runId: 'p1', href: (p: string) => `#${p}`, navigate: fn() },
} satisfies Meta<typeof ExperimentRunPanel>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Finished: Story = {};
export const Running: Story = { args: { status: 'running', view: midway, jobs: midway.jobs, reportUrl: null } };
export const Queued: Story = { args: { status: 'queued', view: emptyView(), jobs: [], reportUrl: null } };

/** Stopped after two jobs, opened later: no live plan, the child runs and the server's planned count tell the story. */
export const Interrupted: Story = {
  args: {
    status: 'interrupted',
    view: { ...emptyView(), tables: midway.tables },
    jobs: mergeJobs([], childRuns('p1', ['succeeded', 'succeeded', 'interrupted']).slice(0, 3)),
    planned: 4,
    reportUrl: '#report.html',
  },
};
