import type { Command } from 'commander';

/**
 * One module per command group, each exporting `register(program)`. Add a line here per group.
 */
export function registerCommands(program: Command): void {
  void program;
}
