import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands/index.js';
import { reportError } from './errors.js';

const program = new Command('aelab')
  .description('aelab — an autoencoder workbench: datasets, models, training, KELM and paper reproductions')
  .version('0.1.0')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // commander already printed its message (or the help text).
    process.exitCode = err.exitCode;
  } else {
    process.exitCode = reportError(err);
  }
}
