import { cifarDefinition } from './cifar/definition.js';
import { ddaeDefinition } from './ddae/definition.js';
import type { ExperimentDefinition } from './experiment.js';
import { labDefinition } from './lab/definition.js';

/** Every experiment aelab knows, by name: the web form and `aelab experiments list` read these. */
export const EXPERIMENT_DEFINITIONS: readonly ExperimentDefinition[] = [ddaeDefinition, labDefinition, cifarDefinition];

export function experimentDefinition(name: string): ExperimentDefinition | undefined {
  return EXPERIMENT_DEFINITIONS.find((d) => d.name === name);
}

export function experimentNames(): string[] {
  return EXPERIMENT_DEFINITIONS.map((d) => d.name);
}
