import { homedir } from 'node:os';
import { join, relative, resolve, isAbsolute } from 'node:path';
import { ServerError } from './errors.js';

/** `$XDG_DATA_HOME/aelab` (or the platform's equivalent): where the registry and run directories live by default. */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.XDG_DATA_HOME && isAbsolute(env.XDG_DATA_HOME)) return join(env.XDG_DATA_HOME, 'aelab');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'aelab');
  if (platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'aelab');
  return join(homedir(), '.local', 'share', 'aelab');
}

/** True when `child` is `parent` or lies inside it (both resolved). */
export function isInside(parent: string, child: string): boolean {
  const rel = relative(resolve(parent), resolve(child));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The state dir holds run outputs and the registry; the datasets' data dir must stay read-only input. */
export function checkStateDir(stateDir: string, dataDir: string | undefined): void {
  if (dataDir && (isInside(dataDir, stateDir) || isInside(stateDir, dataDir))) {
    throw new ServerError('STATE_DIR', `the state dir (${stateDir}) must not be the datasets' data dir (${dataDir}) or overlap it`);
  }
}
