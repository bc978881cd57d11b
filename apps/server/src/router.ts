// The tRPC router. Keep this file (and what it imports) free of Node-only modules: its type is the web app's API.
import { runConfigSchema, sweepSpecSchema } from '@aelab/core';
import { tracked } from '@trpc/server';
import { z } from 'zod';
import { RUN_KINDS, RUN_STATUSES, type RunEvent } from './api.js';
import { procedure, router } from './trpc.js';

export const runIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'not a run id');
const statusSchema = z.enum(RUN_STATUSES);
/** The `lastEventId` tRPC sends back when a subscription reconnects: the seq of the last event seen. */
const lastEventIdSchema = z.string().regex(/^\d{1,15}$/).nullish();

const idInput = z.object({ id: runIdSchema });
/** The subscriptions' inputs (also read by `sse.ts`, which serves them). */
export const eventsInput = z.object({ id: runIdSchema, lastEventId: lastEventIdSchema });
export const watchInput = z.object({ lastEventId: lastEventIdSchema }).prefault({});

const listInput = z
  .object({
    status: z.union([statusSchema, z.array(statusSchema).max(RUN_STATUSES.length)]).optional(),
    dataset: z.string().min(1).max(64).optional(),
    model: z.string().min(1).max(64).optional(),
    key: z.string().regex(/^[0-9a-f]{16}$/).optional(),
    kind: z.enum(RUN_KINDS).optional(),
    /** An experiment run's id: list its jobs (in plan order) instead of the top-level runs. */
    parent: runIdSchema.optional(),
    limit: z.number().int().min(1).max(500).default(50),
    offset: z.number().int().min(0).max(1_000_000).default(0),
  })
  .prefault({});

async function* trackedEvents(events: AsyncIterable<RunEvent>) {
  for await (const ev of events) yield tracked(String(ev.seq), ev);
}

export const appRouter = router({
  runs: router({
    /** Queues a run. The input is a run config (the shared `runConfigSchema`; every field has a default). */
    create: procedure.input(runConfigSchema).mutation(({ ctx, input }) => ctx.service.create(input)),
    list: procedure.input(listInput).query(({ ctx, input }) =>
      ctx.service.list({ ...input, status: input.status === undefined ? undefined : [input.status].flat() }),
    ),
    get: procedure.input(idInput).query(({ ctx, input }) => ctx.service.get(input.id)),
    /** Resolves once the run has left `running` (the worker stopped, or was stopped after a grace period). */
    cancel: procedure.input(idInput).mutation(({ ctx, input }) => ctx.service.cancel(input.id)),
    /** Cancels the run if needed, then removes it from the registry and deletes its run directory. */
    delete: procedure.input(idInput).mutation(({ ctx, input }) => ctx.service.delete(input.id)),
    /** Queues an interrupted, failed or cancelled run again; it continues from its last checkpoint. */
    resume: procedure.input(idInput).mutation(({ ctx, input }) => ctx.service.resume(input.id)),
    /** Stored events (status changes, epoch metrics, throttled steps) after `after`, oldest first. */
    logs: procedure
      .input(z.object({ id: runIdSchema, after: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(5000).default(1000) }))
      .query(({ ctx, input }) => ctx.service.logs(input.id, input.after, input.limit)),
    /**
     * Live events of one run: first the stored ones after `lastEventId`, then new ones as they happen; ends after the
     * run's final status. Each event's id is its seq, so a reconnecting client resumes without gaps or repeats.
     */
    events: procedure
      .input(eventsInput)
      .subscription(({ ctx, input, signal }) => trackedEvents(ctx.service.events(input.id, Number(input.lastEventId ?? 0), signal))),
    /** Status changes of every run (for live lists); never ends by itself. */
    watch: procedure
      .input(watchInput)
      .subscription(({ ctx, input, signal }) => trackedEvents(ctx.service.watch(Number(input.lastEventId ?? 0), signal))),
    artifacts: procedure.input(idInput).query(({ ctx, input }) => ctx.service.artifacts(input.id)),
  }),
  experiments: router({
    /** The experiments this server runs, with their options as form fields. */
    list: procedure.query(({ ctx }) => ctx.service.experiments()),
    /**
     * Queues an experiment as a parent run; each of its jobs becomes a child run (`runs.list({ parent })`). The options
     * are checked with the experiment's own schema: a mistake is BAD_REQUEST, appCode INVALID_OPTIONS, naming its path.
     */
    submit: procedure
      .input(
        z.object({
          experiment: z.string().min(1).max(64),
          options: z.record(z.string(), z.unknown()).default({}),
          name: z.string().min(1).max(200).optional(),
        }),
      )
      .mutation(({ ctx, input }) => {
        const run = ctx.service.submitExperiment(input);
        return { id: run.id, key: run.key, status: run.status };
      }),
  }),
  sweeps: router({
    /**
     * Queues a sweep: a parent run (kind `sweep`) and one training run per point and seed, all at once. Each point's
     * config is validated first; a bad path or value is BAD_REQUEST naming it (appCode SWEEP_PATH, INVALID_CONFIG,
     * UNKNOWN_CONFIG_KEY, INVALID_SWEEP, SWEEP_TOO_LARGE) and nothing is queued.
     */
    create: procedure.input(sweepSpecSchema).mutation(({ ctx, input }) => {
      const { run, children } = ctx.service.createSweep(input);
      return { id: run.id, key: run.key, status: run.status, children };
    }),
    /** The sweep, its definition and points, its runs (`runs.list({ parent })` pages them too) and its results table. */
    get: procedure.input(idInput).query(({ ctx, input }) => ctx.service.sweep(input.id)),
  }),
  datasets: router({
    list: procedure.query(({ ctx }) => ctx.service.datasets()),
  }),
  workers: router({
    list: procedure.query(({ ctx }) => ctx.service.workers()),
  }),
  backends: router({
    info: procedure.query(({ ctx }) => ctx.service.backends()),
  }),
});

export type AppRouter = typeof appRouter;
