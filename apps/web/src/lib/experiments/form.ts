import type { ExperimentDefinition, OptionField } from '@aelab/core';

/** An experiment's zod options schema (typed through core, so the app needs no zod of its own). */
type OptionsSchema = ExperimentDefinition['options'];
type Issue = NonNullable<ReturnType<OptionsSchema['safeParse']>['error']>['issues'][number];

/**
 * What a form control holds for one option: the text of a number or JSON field as typed (so "1e-" on the way to
 * "1e-7" stays), a checkbox's state, the picked choices of a multi-select.
 */
export type FieldValue = string | boolean | string[];
export type FormValues = Record<string, FieldValue>;
/** Plain messages by option name; `''` holds problems that belong to no single field. */
export type FieldErrors = Record<string, string>;

export type FormResult = { ok: true; options: Record<string, unknown>; errors: FieldErrors } | { ok: false; options: null; errors: FieldErrors };

/** The form's starting state: each field's schema default, or empty (an optional option left out). */
export function initialValues(fields: readonly OptionField[]): FormValues {
  return Object.fromEntries(fields.map((f) => [f.name, toFieldValue(f, f.default)]));
}

/** The form for a given options object (a preset such as `quickOptions`): defaults, then the given values. */
export function valuesFor(fields: readonly OptionField[], options: Record<string, unknown>): FormValues {
  const values = initialValues(fields);
  for (const f of fields) if (options[f.name] !== undefined) values[f.name] = toFieldValue(f, options[f.name]);
  return values;
}

function toFieldValue(field: OptionField, value: unknown): FieldValue {
  switch (field.type) {
    case 'boolean':
      return value === true;
    case 'enum-list':
      return Array.isArray(value) ? value.map(String) : [];
    case 'json':
      return value === undefined ? '' : JSON.stringify(value, null, 2);
    default:
      return value === undefined || value === null ? '' : String(value);
  }
}

/**
 * The options object the form stands for, checked with the experiment's own schema (the one the CLI and the server
 * use). Empty optional fields are left out, so the schema's defaults apply as they do for the CLI. Without a schema
 * (an experiment this build does not know) only the server checks them.
 */
export function formOptions(fields: readonly OptionField[], values: FormValues, schema: OptionsSchema | undefined): FormResult {
  const errors: FieldErrors = {};
  const options: Record<string, unknown> = {};
  for (const f of fields) {
    const parsed = parseField(f, values[f.name]);
    if ('error' in parsed) errors[f.name] = parsed.error;
    else if (parsed.value !== undefined) options[f.name] = parsed.value;
  }
  const result = schema?.safeParse(options);
  if (result && !result.success) {
    for (const issue of result.error.issues) {
      const key = issue.path.length > 0 ? String(issue.path[0]) : '';
      if (!(key in errors)) errors[key] = plainMessage(issue, issue.path.slice(1));
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, options: null, errors };
  return { ok: true, options, errors };
}

function parseField(field: OptionField, value: FieldValue | undefined): { value: unknown } | { error: string } {
  switch (field.type) {
    case 'boolean':
      return { value: value === true };
    case 'enum-list':
      return { value: Array.isArray(value) && value.length > 0 ? value : undefined };
    case 'integer':
    case 'number': {
      const text = typeof value === 'string' ? value.trim() : '';
      if (text === '') return { value: undefined };
      const n = Number(text);
      return Number.isFinite(n) ? { value: n } : { error: 'Enter a number.' };
    }
    case 'json': {
      const text = typeof value === 'string' ? value.trim() : '';
      if (text === '') return { value: undefined };
      try {
        return { value: JSON.parse(text) as unknown };
      } catch (err) {
        return { error: `This is not valid JSON (${err instanceof Error ? err.message : String(err)}).` };
      }
    }
    default: {
      const text = typeof value === 'string' ? value.trim() : '';
      return { value: text === '' ? undefined : text };
    }
  }
}

/** A zod issue in the form's words: "Must be at least 1." rather than "Too small: expected number to be >=1". */
export function plainMessage(issue: Issue, subPath: PropertyKey[] = []): string {
  const where = subPath.length > 0 ? `${subPath.map(String).join('.')}: ` : '';
  return `${where}${sentence(issue)}`;
}

function sentence(issue: Issue): string {
  switch (issue.code) {
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'array' || issue.origin === 'set') return min === 1 ? 'Pick at least one.' : `Pick at least ${min}.`;
      if (issue.origin === 'string') return min === 1 ? 'Must not be empty.' : `Needs at least ${min} characters.`;
      return issue.inclusive === false ? `Must be more than ${min}.` : `Must be at least ${min}.`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'array' || issue.origin === 'set') return `Pick at most ${max}.`;
      if (issue.origin === 'string') return `Must be at most ${max} characters.`;
      return issue.inclusive === false ? `Must be less than ${max}.` : `Must be at most ${max}.`;
    }
    case 'invalid_type':
      if (issue.expected === 'int') return 'Must be a whole number.';
      if (issue.expected === 'number') return 'Enter a number.';
      if (issue.expected === 'record' || issue.expected === 'object') return 'Must be a JSON object, like {"key": 1}.';
      if (issue.expected === 'array') return 'Must be a list.';
      return `Must be a ${issue.expected}.`;
    case 'invalid_value':
      return `Must be one of ${issue.values.map(String).join(', ')}.`;
    case 'unrecognized_keys':
      return `Unknown option${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}.`;
    default:
      return issue.message.endsWith('.') ? issue.message : `${issue.message}.`;
  }
}

/** A field's hint: its description and its range, e.g. "seeds for KELM (1 to 100)". */
export function fieldHint(field: OptionField): string {
  const { minimum, maximum } = fieldRange(field);
  const range =
    minimum !== undefined && maximum !== undefined
      ? `${minimum} to ${maximum}`
      : minimum !== undefined
        ? `at least ${minimum}`
        : maximum !== undefined
          ? `at most ${maximum}`
          : '';
  return range ? `${field.description} (${range})` : field.description;
}

/** A field's bounds worth showing: zod gives every integer the safe-integer limits, which say nothing to people. */
export function fieldRange(field: OptionField): { minimum?: number; maximum?: number } {
  const meaningful = (v: number | undefined) => (v !== undefined && Math.abs(v) < Number.MAX_SAFE_INTEGER ? v : undefined);
  const minimum = meaningful(field.minimum);
  const maximum = meaningful(field.maximum);
  return { ...(minimum !== undefined ? { minimum } : {}), ...(maximum !== undefined ? { maximum } : {}) };
}

/** "limitTrain" -> "limit train": labels people read, from the option names the CLI and JSON use. */
export function fieldLabel(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}
