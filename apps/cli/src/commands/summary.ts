import { buildModel, modelInputShape, parseRunConfig, type ModelSummary } from '@aelab/core';
import type { Command } from 'commander';
import { selectBackend } from '@aelab/core/node';
import { printJson } from '../output.js';
import { readConfigInput, type ConfigSource } from './train.js';

/** The layer table as text: layer, type, output shape, parameters; totals below. */
export function summaryTable(s: ModelSummary): string {
  const rows = s.layers.map((l) => [
    l.name,
    l.activation ? `${l.className} (${l.activation})` : l.className,
    `[${l.outputShape.join(', ')}]`,
    l.params.toLocaleString('en-US'),
    l.note ?? '',
  ]);
  const header = ['layer', 'type', 'output shape', 'params', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((c, i) => (i === 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const rule = '-'.repeat(widths.reduce((a, b) => a + b + 2, -2));
  return [
    `${s.className}, input [${s.inputShape.join(', ')}]`,
    line(header),
    rule,
    ...rows.map(line),
    rule,
    `total params: ${s.totalParams.toLocaleString('en-US')}`,
    `trainable params: ${s.trainableParams.toLocaleString('en-US')}`,
  ].join('\n');
}

/** `aelab summary`: the model a preset or config builds, layer by layer, without loading any data. */
export function register(program: Command): void {
  program
    .command('summary')
    .description('print the layer table (layer, output shape, parameters) of the model a preset or run config describes')
    .option('-p, --preset <name>', 'a preset (see: aelab presets)')
    .option('-c, --config <file>', 'a run config JSON file (- for stdin)')
    .option('--json', 'print {"layers":[...],"totalParams":N,...}')
    .action(async (opts: ConfigSource & { json?: boolean }) => {
      const config = parseRunConfig(readConfigInput(opts).input);
      await selectBackend('cpu');
      const model = buildModel(config.model, modelInputShape(config), { seed: config.seed });
      const s = model.summary();
      model.dispose();
      if (opts.json) {
        printJson({ layers: s.layers, totalParams: s.totalParams, trainableParams: s.trainableParams, inputShape: s.inputShape, className: s.className });
      } else {
        process.stdout.write(`${summaryTable(s)}\n`);
      }
    });
}
