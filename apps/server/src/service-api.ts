// What the router needs from the run service. An interface (not the class) so that the router's type, which
// the web app typechecks, never reaches the Node-only implementation.
import type { RunConfig } from '@aelab/core';
import type { Artifact, BackendsInfo, DatasetEntry, ExperimentInfo, RunDetail, RunEvent, RunKind, RunList, RunStatus, RunSummary, SweepDetail, WorkerInfo } from './api.js';

export interface ListInput {
  status?: RunStatus[];
  dataset?: string;
  model?: string;
  key?: string;
  kind?: RunKind;
  /** Lists this experiment's jobs or this sweep's runs; without it, only top-level runs are listed. */
  parent?: string;
  limit: number;
  offset: number;
}

export interface RunServiceApi {
  create(config: RunConfig): RunSummary;
  /** Queues an experiment as a parent run; its options are checked with the experiment's schema first. */
  submitExperiment(input: { experiment: string; options: Record<string, unknown>; name?: string | undefined }): RunSummary;
  experiments(): ExperimentInfo[];
  /** Queues a sweep (a parent run and one training run per point and seed); every config is checked first. */
  createSweep(input: unknown): { run: RunSummary; children: number };
  /** A sweep with its children and results table; NOT_FOUND for other runs. */
  sweep(id: string): SweepDetail;
  list(filter: ListInput): RunList;
  get(id: string): RunDetail;
  cancel(id: string): Promise<RunSummary>;
  delete(id: string): Promise<{ id: string; deleted: true }>;
  resume(id: string): RunSummary;
  logs(id: string, afterSeq: number, limit: number): RunEvent[];
  /** Throws NOT_FOUND before the first event, so the error reaches the client as a normal tRPC error. */
  events(id: string, afterSeq: number, signal: AbortSignal | undefined): AsyncIterable<RunEvent>;
  watch(afterSeq: number, signal: AbortSignal | undefined): AsyncIterable<RunEvent>;
  artifacts(id: string): Artifact[];
  datasets(): DatasetEntry[];
  backends(): Promise<BackendsInfo>;
  /** Queue workers that reported in recently; empty without --queue. */
  workers(): WorkerInfo[];
}

export interface Context {
  service: RunServiceApi;
  /** False when the server has a token and the request did not carry it. */
  authorized: boolean;
}
