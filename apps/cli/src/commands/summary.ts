import { buildModel, formatLayerTable, layerTable, modelInputShape, parseRunConfig } from '@aelab/core';
import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import { selectBackend } from '@aelab/core/node';
import { printJson } from '../output.js';
import { readConfigInput, type ConfigSource } from './train.js';

const positiveInt = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
};

/** `aelab summary`: the model a preset or config builds, layer by layer, without loading any data. */
export function register(program: Command): void {
  program
    .command('summary')
    .description(
      'print the layer table of the model a preset or run config describes, as PyTorch\'s torchsummary does: activations as rows, ' +
        'shapes [batch, channels, height, width], parameters, and the memory estimate for one batch',
    )
    .option('-p, --preset <name>', 'a preset (see: aelab presets)')
    .option('-c, --config <file>', 'a run config JSON file (- for stdin)')
    .option('--batch-size <n>', "batch size of the shapes and the memory estimate (default: the config's training.batchSize)", positiveInt)
    .option('--json', 'print {"layers":[...],"rows":[...],"totalParams":N,"inputSizeMB":X,...}')
    .addHelpText('after', '\nExample:\n  aelab summary --preset cifar-conv --batch-size 128')
    .action(async (opts: ConfigSource & { json?: boolean; batchSize?: number }) => {
      const config = parseRunConfig(readConfigInput(opts).input);
      await selectBackend('cpu');
      const model = buildModel(config.model, modelInputShape(config), { seed: config.seed });
      const s = model.summary();
      model.dispose();
      const table = layerTable(s, opts.batchSize ?? config.training.batchSize);
      if (opts.json) {
        printJson({
          className: s.className,
          inputShape: s.inputShape,
          layers: s.layers,
          batchSize: table.batchSize,
          rows: table.rows,
          totalParams: s.totalParams,
          trainableParams: s.trainableParams,
          nonTrainableParams: table.nonTrainableParams,
          inputSizeMB: table.inputSizeMB,
          forwardBackwardSizeMB: table.forwardBackwardSizeMB,
          paramsSizeMB: table.paramsSizeMB,
          totalSizeMB: table.totalSizeMB,
        });
      } else {
        process.stdout.write(`${s.className}, input [${s.inputShape.join(', ')}]\n${formatLayerTable(table)}\n`);
      }
    });
}
