import type { Meta, StoryObj } from '@storybook/svelte';
import { recordedExperimentEvents, recordedTables } from '../../stories/experiments.js';
import ResultsTable from './ResultsTable.svelte';

const [results, selections] = recordedTables();
const reports = recordedExperimentEvents().filter((e) => e.type === 'report');
const partial = reports.map((e) => (e.type === 'report' ? e.tables[0] : undefined)).find((t) => t && t.rows.length === 2)!;

const meta = {
  title: 'Experiments/Results table',
  component: ResultsTable,
  args: { table: results! },
} satisfies Meta<typeof ResultsTable>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A finished DDAE run (small generated data): mean ± std per row, the paper's and the reference's columns shaded. */
export const Finished: Story = {};
/** Two rows in, while the third model's seeds run. */
export const Filling: Story = { args: { table: partial } };
export const NoRowsYet: Story = { args: { table: { ...results!, rows: [] } } };
export const Selections: Story = { args: { table: selections! } };
