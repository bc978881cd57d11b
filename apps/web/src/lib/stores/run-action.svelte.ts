import type { ApiClient } from '../api/client.js';
import type { Problem } from '../api/errors.js';
import { runAction, type RunActionName } from '../runs/actions.js';

export interface RunActionHooks {
  /** Reads the run again: an action changes its status. */
  reload: () => Promise<void>;
  /** After a delete the page has nothing left to show (the pages go back to the runs list). */
  deleted: () => void;
}

/**
 * The actions of a page about one run (a run's or a sweep's): `busy` while one is under way (the buttons wait),
 * the server's objection in `problem` for the page to show.
 */
export class RunActionStore {
  busy = $state(false);
  problem = $state<Problem | null>(null);

  constructor(
    private readonly api: () => ApiClient,
    private readonly hooks: RunActionHooks,
  ) {}

  async run(action: RunActionName, id: string): Promise<void> {
    this.busy = true;
    this.problem = await runAction(this.api(), action, id);
    this.busy = false;
    if (action === 'delete' && !this.problem) this.hooks.deleted();
    else await this.hooks.reload();
  }
}
