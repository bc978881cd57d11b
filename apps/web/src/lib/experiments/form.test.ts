import { experimentDefinition, experimentOptionFields, type ExperimentDefinition } from '@aelab/core';
import { describe, expect, it } from 'vitest';
import { fieldHint, fieldLabel, formOptions, initialValues, valuesFor } from './form.js';

const ddae = experimentDefinition('ddae') as ExperimentDefinition;
const fields = experimentOptionFields(ddae);
const byName = (name: string) => fields.find((f) => f.name === name)!;

describe('the DDAE options form', () => {
  it('has a control for every option, of the kind the schema asks for', () => {
    const kinds = Object.fromEntries(fields.map((f) => [f.name, f.type]));
    expect(kinds).toMatchObject({ dataset: 'enum', quick: 'boolean', seeds: 'integer', models: 'enum-list', splitFile: 'string', backend: 'enum', config: 'json' });
    expect(byName('seeds')).toMatchObject({ minimum: 1, maximum: 100 });
  });

  it('starts from the schema defaults and validates as is, with empty optional fields left out', () => {
    const values = initialValues(fields);
    expect(values).toMatchObject({ dataset: 'mnist', quick: false, seeds: '', models: [], download: true, backend: 'auto', config: '' });
    const result = formOptions(fields, values, ddae.options);
    expect(result.ok).toBe(true);
    expect(result.options).toEqual({ dataset: 'mnist', full: false, quick: false, holdout: false, download: true, backend: 'auto', recipe: 'faithful' });
    // What the form sends is what the CLI would pass: the schema parses it to the same options.
    expect(ddae.options.parse(result.options)).toEqual(ddae.options.parse({}));
  });

  it('fills the quick preset and gives back exactly its options (plus defaults)', () => {
    const values = valuesFor(fields, ddae.quickOptions as Record<string, unknown>);
    expect(values).toMatchObject({ quick: true, limitTrain: '600', limitTest: '200' });
    const result = formOptions(fields, values, ddae.options);
    expect(result.ok && result.options).toMatchObject({ quick: true, limitTrain: 600, limitTest: 200 });
  });

  it('turns the e2e experiment into form values and back without loss', () => {
    const options = { quick: true, limitTrain: 300, limitTest: 100, models: ['ELM', 'KELM'], config: { elm: { hidden: [50], seeds: 2 }, kelm: { C: [10], sigmaScales: [0.7] } } };
    const result = formOptions(fields, valuesFor(fields, options), ddae.options);
    expect(result.ok && result.options).toMatchObject(options);
  });

  it('shows a plain message at each field the schema refuses', () => {
    const values = { ...initialValues(fields), seeds: '0', limitTrain: '2.5', models: [] as string[], config: '[1, 2]', dataset: 'cifar' };
    const result = formOptions(fields, values, ddae.options);
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual({
      seeds: 'Must be more than 0.',
      limitTrain: 'Must be a whole number.',
      config: 'Must be a JSON object, like {"key": 1}.',
      dataset: 'Must be one of mnist, usps, mnist-full, all.',
    });
    expect(formOptions(fields, { ...initialValues(fields), seeds: '101' }, ddae.options).errors).toEqual({ seeds: 'Must be at most 100.' });
  });

  it('names what is wrong with text that is not a number or not JSON, before the schema sees it', () => {
    const result = formOptions(fields, { ...initialValues(fields), limitTest: 'ten', config: '{ "elm": ' }, ddae.options);
    expect(result.errors.limitTest).toBe('Enter a number.');
    expect(result.errors.config).toMatch(/^This is not valid JSON \(.+\)\.$/);
  });

  it('labels and hints fields in words', () => {
    expect(fieldLabel('limitTrain')).toBe('limit train');
    expect(fieldHint(byName('seeds'))).toMatch(/\(1 to 100\)$/);
    expect(fieldHint(byName('limitTrain'))).toMatch(/\(at least 1\)$/);
  });
});
