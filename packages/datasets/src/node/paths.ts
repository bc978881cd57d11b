import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

type Env = Record<string, string | undefined>;

/**
 * The data dir in force: the option, else `AELAB_DATA_DIR`; undefined when neither is set (then the cache, downloads
 * and, for MNIST, the embedded digits are used).
 */
export function resolveDataDir(option?: string, env: Env = process.env): string | undefined {
  const dir = option || env.AELAB_DATA_DIR || undefined;
  return dir ? resolve(dir) : undefined;
}

/**
 * Where downloads go: `AELAB_CACHE_DIR`, else `$XDG_CACHE_HOME/aelab`, else `~/.cache/aelab` (on Windows
 * `%LOCALAPPDATA%\aelab\cache`). It has the same layout as a data dir.
 */
export function defaultCacheDir(env: Env = process.env): string {
  if (env.AELAB_CACHE_DIR) return resolve(env.AELAB_CACHE_DIR);
  if (env.XDG_CACHE_HOME) return join(resolve(env.XDG_CACHE_HOME), 'aelab');
  if (process.platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'aelab', 'cache');
  return join(homedir(), '.cache', 'aelab');
}

export function resolveCacheDir(option?: string, env: Env = process.env): string {
  return option ? resolve(option) : defaultCacheDir(env);
}
