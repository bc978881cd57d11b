import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../api/client.js';
import { RunActionStore } from './run-action.svelte.js';

/** An API whose run mutations record their calls, and refuse when `refusal` is set. */
function fakeApi(refusal: { data: { appCode: string }; message: string } | null = null) {
  const calls: string[] = [];
  const mutation = (name: string) => ({
    mutate: async ({ id }: { id: string }) => {
      calls.push(`${name} ${id}`);
      if (refusal) throw refusal;
      return {};
    },
  });
  const api = { runs: { cancel: mutation('cancel'), resume: mutation('resume'), delete: mutation('delete') } } as unknown as ApiClient;
  return { api, calls };
}

function storeOn(api: ApiClient) {
  const seen: string[] = [];
  const store = new RunActionStore(() => api, { reload: async () => void seen.push('reload'), deleted: () => seen.push('deleted') });
  return { store, seen };
}

describe('RunActionStore', () => {
  it('is busy while an action runs, then reads the run again', async () => {
    const { api, calls } = fakeApi();
    const { store, seen } = storeOn(api);
    const running = store.run('cancel', 'r1');
    expect(store.busy).toBe(true);
    await running;
    expect(store.busy).toBe(false);
    expect(store.problem).toBeNull();
    expect(calls).toEqual(['cancel r1']);
    expect(seen).toEqual(['reload']);
  });

  it('leaves the page after a delete, but not after a refused one', async () => {
    const ok = storeOn(fakeApi().api);
    await ok.store.run('delete', 'r1');
    expect(ok.seen).toEqual(['deleted']);

    const refused = storeOn(fakeApi({ data: { appCode: 'INVALID_STATE' }, message: 'run r1 is running' }).api);
    await refused.store.run('delete', 'r1');
    expect(refused.store.problem).toEqual({ kind: 'error', code: 'INVALID_STATE', message: 'run r1 is running' });
    expect(refused.seen).toEqual(['reload']);
  });
});
