import { z } from 'zod';
import type { ExperimentDefinition } from './experiment.js';

/** One option of an experiment as a form field: what the web form draws and `experiments list` prints. */
export interface OptionField {
  name: string;
  type: 'boolean' | 'integer' | 'number' | 'string' | 'enum' | 'enum-list' | 'json';
  description: string;
  required: boolean;
  default?: unknown;
  choices?: string[];
  minimum?: number;
  maximum?: number;
}

interface JsonSchemaProperty {
  type?: string;
  description?: string;
  default?: unknown;
  enum?: string[];
  items?: { enum?: string[] };
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
}

/** The top-level options of an experiment's schema as fields, derived from the schema itself (one source of truth). */
export function experimentOptionFields(definition: Pick<ExperimentDefinition, 'options'>): OptionField[] {
  const json = z.toJSONSchema(definition.options, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, JsonSchemaProperty>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, p]) => {
    const field: OptionField = { name, type: fieldType(p), description: p.description ?? '', required: json.required?.includes(name) ?? false };
    if (p.default !== undefined) field.default = p.default;
    const choices = p.enum ?? p.items?.enum;
    if (choices) field.choices = choices;
    const min = p.minimum ?? (p.exclusiveMinimum !== undefined ? p.exclusiveMinimum + (p.type === 'integer' ? 1 : 0) : undefined);
    if (min !== undefined) field.minimum = min;
    if (p.maximum !== undefined) field.maximum = p.maximum;
    return field;
  });
}

function fieldType(p: JsonSchemaProperty): OptionField['type'] {
  if (p.enum) return 'enum';
  if (p.type === 'array' && p.items?.enum) return 'enum-list';
  if (p.type === 'boolean' || p.type === 'integer' || p.type === 'number' || p.type === 'string') return p.type;
  return 'json';
}
