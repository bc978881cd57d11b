import { ddae } from '@aelab/core';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { z } from 'zod';
import { CliError } from '../errors.js';

/*
 * An experiment's command-line flags, declared once (ddae-flags.ts, lab-flags.ts, cifar-flags.ts) and used by both
 * `aelab reproduce NAME` (runs here) and `aelab runs submit --experiment NAME` (runs on a server), which turn them into
 * the same options object. `runs submit` carries every experiment's flags at once: flags of the same name are one
 * option there, and flags the submit command already has for training runs (`--config`, `--seed`, `--epochs`) keep
 * its definition, their values reaching the experiment as given and parsed here.
 */

/** Where the experiment runs: paths are this machine's (`local`) or the server's (`server`, sent as given). */
export type RunsOn = 'local' | 'server';

export interface FlagSpec {
  /** commander's flags, e.g. `--limit-train <n>`. */
  flags: string;
  description: string | ((runsOn: RunsOn) => string);
  /** Turns the text into the value (commander's argParser); throws InvalidArgumentError. */
  parse?: (value: string) => unknown;
  choices?: readonly string[];
  defaultValue?: unknown;
  /** Only where the experiment runs here (`--no-download`: a server decides downloads itself). */
  localOnly?: boolean;
}

/** Parsed flag values, keyed as commander keys them (`--limit-train` → `limitTrain`). */
export type FlagValues = Record<string, unknown>;

export interface ExperimentFlags {
  name: string;
  /** The experiment's options schema (checked here first, with the experiment's own messages). */
  schema: z.ZodType;
  specs: FlagSpec[];
  /** The flags as the experiment's options: the same object for `reproduce` and `runs submit`. */
  fromFlags(values: FlagValues, runsOn: RunsOn): Promise<Record<string, unknown>> | Record<string, unknown>;
}

/** The values of the data and backend flags every experiment has (`dataDirFlag`, `noDownloadFlag`, `BACKEND_FLAG`). */
export interface DataFlags {
  dataDir?: string;
  /** `--no-download`: only `reproduce` has it (a server never downloads). */
  download?: boolean;
  backend: string;
}

/** `--data-dir` where a server runs the experiment: every experiment's is the same folder. */
const SERVER_DATA_DIR = "the data folder on the server's machine (default: the server's --data-dir)";

/** `--data-dir`, described as `local` where the experiment runs here and as the server's folder where it runs there. */
export function dataDirFlag(local: string): FlagSpec {
  return { flags: '--data-dir <dir>', description: (on) => (on === 'server' ? SERVER_DATA_DIR : local) };
}

export function noDownloadFlag(description: string): FlagSpec {
  return { flags: '--no-download', description, localOnly: true };
}

export const BACKEND_FLAG: FlagSpec = { flags: '--backend <name>', description: 'tensor backend', choices: ddae.BACKEND_CHOICES, defaultValue: 'auto' };

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number, 0 or more');
  return n;
}

/** `--limit-train <n>` → `--limit-train`; `--no-download` → `--download` (commander's long name and key). */
function longName(flags: string): string {
  const long = flags.split(/[ ,|]+/).find((f) => f.startsWith('--'))!;
  return long.startsWith('--no-') ? `--${long.slice(5)}` : long;
}

/** The commander key of a flag: `--limit-train <n>` → `limitTrain`. */
export function flagKey(spec: FlagSpec): string {
  return longName(spec.flags)
    .slice(2)
    .replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

function hasOption(cmd: Command, spec: FlagSpec): boolean {
  const long = longName(spec.flags);
  return cmd.options.some((o) => o.long !== undefined && longName(o.long) === long);
}

function describe(spec: FlagSpec, runsOn: RunsOn): string {
  return typeof spec.description === 'function' ? spec.description(runsOn) : spec.description;
}

function option(spec: FlagSpec, description: string): Option {
  const o = new Option(spec.flags, description);
  if (spec.parse) o.argParser(spec.parse);
  if (spec.choices) o.choices(spec.choices);
  if (spec.defaultValue !== undefined) o.default(spec.defaultValue);
  return o;
}

/** Adds one experiment's flags to `cmd` (`aelab reproduce NAME`); flags `cmd` already has are left as they are. */
export function addExperimentFlags(cmd: Command, experiment: ExperimentFlags, runsOn: RunsOn): Command {
  for (const spec of experiment.specs) {
    if ((spec.localOnly && runsOn !== 'local') || hasOption(cmd, spec)) continue;
    cmd.addOption(option(spec, describe(spec, runsOn)));
  }
  return cmd;
}

/**
 * Adds every experiment's flags to `runs submit`: a flag several experiments have is one option, described once when
 * they agree and per experiment when they do not.
 */
export function addSubmitFlags(cmd: Command, experiments: ExperimentFlags[]): Command {
  const byLong = new Map<string, { spec: FlagSpec; texts: Map<string, string[]> }>();
  for (const e of experiments) {
    for (const spec of e.specs) {
      if (spec.localOnly || hasOption(cmd, spec)) continue;
      const long = longName(spec.flags);
      const entry = byLong.get(long) ?? { spec, texts: new Map<string, string[]>() };
      const text = describe(spec, 'server');
      entry.texts.set(text, [...(entry.texts.get(text) ?? []), e.name]);
      byLong.set(long, entry);
    }
  }
  for (const { spec, texts } of byLong.values()) {
    const all = [...texts.entries()];
    const description = all.length === 1 ? `${all[0]![0]} (${all[0]![1].join(', ')})` : all.map(([text, names]) => `${names.join(', ')}: ${text}`).join('; ');
    cmd.addOption(option(spec, description));
  }
  return cmd;
}

/** Every flag key of these experiments, with the experiments that have it. */
export function flagOwners(experiments: ExperimentFlags[]): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const e of experiments) for (const spec of e.specs) owners.set(flagKey(spec), [...(owners.get(flagKey(spec)) ?? []), e.name]);
  return owners;
}

/**
 * The values of `experiment`'s flags from a command's parsed options, each parsed by the experiment's own rule where
 * the command defined the flag itself (so it arrived as text).
 */
export function experimentValues(experiment: ExperimentFlags, opts: FlagValues): FlagValues {
  const values: FlagValues = {};
  for (const spec of experiment.specs) {
    const key = flagKey(spec);
    const value = opts[key];
    if (value === undefined) continue;
    if (typeof value === 'string' && spec.parse) {
      try {
        values[key] = spec.parse(value);
      } catch (err) {
        throw new CliError('INVALID_OPTIONS', `${longName(spec.flags)}: ${(err as Error).message}, got "${value}"`);
      }
    } else {
      values[key] = value;
    }
  }
  return values;
}

/** A comma-separated list, checked against `allowed` when given. */
export function parseList<T extends string>(flag: string, list: string, allowed: readonly T[] | null): T[] {
  const items = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) throw new CliError('INVALID_OPTIONS', `${flag} needs at least one value`);
  if (allowed) for (const i of items) if (!(allowed as readonly string[]).includes(i)) throw new CliError('INVALID_OPTIONS', `${flag}: unknown value "${i}" (use ${allowed.join(', ')})`);
  return items as T[];
}
