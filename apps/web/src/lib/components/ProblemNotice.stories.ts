import type { Meta, StoryObj } from '@storybook/svelte';
import { fn } from 'storybook/test';
import ProblemNotice from './ProblemNotice.svelte';

const meta = {
  title: 'Runs/Problem notice',
  component: ProblemNotice,
  args: { server: 'http://127.0.0.1:7070', onretry: fn() },
} satisfies Meta<typeof ProblemNotice>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Unreachable: Story = {
  args: { problem: { kind: 'unreachable', code: null, message: 'Failed to fetch' }, doing: 'load the runs' },
};

export const TokenNeeded: Story = {
  args: { problem: { kind: 'unauthorized', code: 'UNAUTHORIZED', message: 'missing or wrong bearer token' } },
};

export const UnknownRun: Story = {
  args: { problem: { kind: 'not-found', code: 'NOT_FOUND', message: 'no run deadbeef-nope' }, onretry: undefined },
};

/** A server objection with its stable code, as `runs.create` answers a config its policy refuses. */
export const WithAppCode: Story = {
  args: {
    problem: { kind: 'error', code: 'INVALID_CONFIG', message: 'invalid run config: data.dataDir: the server reads datasets from its own --data-dir; leave it out' },
    doing: 'submit the run',
    onretry: undefined,
  },
};

export const RefusedOrigin: Story = {
  args: { problem: { kind: 'refused', code: 'FORBIDDEN', message: 'The server answered 403 but not as the aelab API: origin http://lab.example is not allowed' } },
};
