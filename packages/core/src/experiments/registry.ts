import { cifarDefinition } from './cifar/definition.js';
import { ddaeDefinition } from './ddae/definition.js';
import type { ExperimentDefinition } from './experiment.js';
import { labDefinition } from './lab/definition.js';
import { experimentOptionFields, type OptionField } from './option-fields.js';

/** Every experiment aelab knows, by name: the web form and `aelab experiments list` read these. */
export const EXPERIMENT_DEFINITIONS: readonly ExperimentDefinition[] = [ddaeDefinition, labDefinition, cifarDefinition];

export function experimentDefinition(name: string): ExperimentDefinition | undefined {
  return EXPERIMENT_DEFINITIONS.find((d) => d.name === name);
}

export function experimentNames(): string[] {
  return EXPERIMENT_DEFINITIONS.map((d) => d.name);
}

/**
 * An experiment as a client sees it: its definition without the zod schema (which does not cross the wire), the
 * options as form fields instead. The server's `experiments.list` answers these, and the web's stories show the same.
 */
export interface ExperimentInfo {
  name: string;
  title: string;
  description: string;
  source: { document: string; title: string };
  fields: OptionField[];
  quickOptions: Record<string, unknown>;
  tables: readonly { id: string; title: string }[];
  figures: readonly { id: string; title: string }[];
  sections: readonly string[];
}

export function experimentInfos(): ExperimentInfo[] {
  return EXPERIMENT_DEFINITIONS.map((d) => ({
    name: d.name,
    title: d.title,
    description: d.description,
    source: d.source,
    fields: experimentOptionFields(d),
    quickOptions: d.quickOptions as Record<string, unknown>,
    tables: d.tables,
    figures: d.figures,
    sections: d.sections,
  }));
}
