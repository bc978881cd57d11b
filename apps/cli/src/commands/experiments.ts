import { EXPERIMENT_DEFINITIONS, experimentOptionFields } from '@aelab/core';
import type { Command } from 'commander';
import { printJson } from '../output.js';

/** `aelab experiments list`: what `aelab reproduce NAME` and `runs submit --experiment NAME` can run. */
export function register(program: Command): void {
  const experiments = program.command('experiments').description('the experiments aelab can run: each reproduces a source document end to end');
  experiments
    .command('list')
    .description('list the experiments with their source document and options')
    .option('--json', 'one JSON array: [{name,title,description,source,options,tables,figures}]')
    .addHelpText('after', '\nExamples:\n  aelab experiments list\n  aelab reproduce ddae --quick\n  aelab runs submit --experiment ddae --quick --server http://127.0.0.1:7070')
    .action((opts: { json?: boolean }) => {
      if (opts.json) {
        printJson(
          EXPERIMENT_DEFINITIONS.map((d) => ({
            name: d.name,
            title: d.title,
            description: d.description,
            source: d.source,
            options: experimentOptionFields(d),
            tables: d.tables,
            figures: d.figures,
          })),
        );
        return;
      }
      for (const d of EXPERIMENT_DEFINITIONS) {
        process.stdout.write(`${d.name}  ${d.title}\n  source: ${d.source.document} — ${d.source.title}\n  options:\n`);
        for (const f of experimentOptionFields(d)) {
          const choices = f.choices ? ` (${f.choices.join('|')})` : '';
          const def = f.default !== undefined ? ` [default ${JSON.stringify(f.default)}]` : '';
          process.stdout.write(`    ${f.name}: ${f.type}${choices}${def} — ${f.description}\n`);
        }
      }
    });
}
