import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands/index.js';
import { errorJson, reportError } from './errors.js';
import { endQuietlyWhenReaderLeaves } from './pipe.js';

endQuietlyWhenReaderLeaves();

const program = new Command('aelab')
  .description('aelab — an autoencoder workbench: datasets, models, training, KELM and paper reproductions')
  .version('0.1.0')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

registerCommands(program);

/** `--json` anywhere before a `--` asks for machine-readable output, failures included. */
const wantsJson = (() => {
  const args = process.argv.slice(2);
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).includes('--json');
})();

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // commander already printed its message (or the help text).
    process.exitCode = err.exitCode;
    if (wantsJson && err.exitCode !== 0) {
      process.stdout.write(`${JSON.stringify({ error: { code: 'USAGE', message: err.message.replace(/^error: /, '') } })}\n`);
    }
  } else {
    process.exitCode = reportError(err);
    if (wantsJson) process.stdout.write(`${JSON.stringify(errorJson(err))}\n`);
  }
}
