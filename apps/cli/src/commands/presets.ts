import { getPreset, presetConfig, presets } from '@aelab/core';
import type { Command } from 'commander';
import { info, printJson } from '../output.js';

/** `aelab presets [NAME]`: the named models of the source documents, or one preset's full config. */
export function register(program: Command): void {
  program
    .command('presets')
    .argument('[name]', 'print this preset\'s full run config (defaults filled in; a valid --config file)')
    .description('list the presets (every model of the four source documents), or print one preset\'s config')
    .option('--json', 'one JSON document: [{name,title,source}] for the list, {name,title,description,source,config} for one preset')
    .addHelpText('after', '\nExamples:\n  aelab presets\n  aelab presets cifar-conv > run.json   # then edit, and: aelab train --config run.json')
    .action((name: string | undefined, opts: { json?: boolean }) => {
      if (name) {
        const p = getPreset(name);
        const config = presetConfig(name);
        if (opts.json) {
          printJson({ name: p.name, title: p.title, description: p.description, source: p.source, config });
        } else {
          info(`${p.name}: ${p.title}\n${p.description}\nsource: ${p.source}`);
          printJson(config);
        }
        return;
      }
      if (opts.json) {
        printJson(presets.map((p) => ({ name: p.name, title: p.title, source: p.source })));
        return;
      }
      const width = Math.max(...presets.map((p) => p.name.length));
      process.stdout.write(`${presets.map((p) => `${p.name.padEnd(width)}  ${p.title}`).join('\n')}\n`);
    });
}
