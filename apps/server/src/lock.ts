import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { ServerError } from './errors.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One server per state dir: a lock file holding the owner's pid. A lock left by a dead process (kill -9, crash)
 * is taken over, which is what lets a restarted server recover the runs the dead one left behind.
 */
export function acquireLock(file: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(file, 'utf8') === String(process.pid)) unlinkSync(file);
        } catch {
          // already gone
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new ServerError('STATE_DIR', `cannot create ${file}: ${(err as Error).message}`);
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new ServerError('STATE_LOCKED', `another aelab server (pid ${pid}) uses this state dir; stop it or pick another --state-dir`);
      }
      unlinkSync(file);
    }
  }
  throw new ServerError('STATE_LOCKED', `could not take the lock ${file}`);
}
