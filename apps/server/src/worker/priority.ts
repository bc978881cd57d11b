import { readFileSync, readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { ServerError } from '../errors.js';

/** How much nicer than the server's request thread training threads run, unless AELAB_TRAINING_NICE says otherwise. */
export const DEFAULT_TRAINING_NICE = 10;

/** The nice increment for training threads: AELAB_TRAINING_NICE (0 = same priority as the server), default 10. */
export function trainingNice(env: NodeJS.ProcessEnv = process.env): number {
  const v = env.AELAB_TRAINING_NICE;
  if (v === undefined || v === '') return DEFAULT_TRAINING_NICE;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 19) throw new ServerError('INVALID_INPUT', `AELAB_TRAINING_NICE must be an integer in 0..19, got "${v}"`);
  return n;
}

/** The kernel's id of the calling thread (Linux: /proc/thread-self links to /proc/<pid>/task/<tid>). */
export function threadId(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : undefined;
  } catch {
    return undefined;
  }
}

/** The nice value of thread `tid` of this process (field 19 of its stat line), or undefined off Linux. */
export function threadNice(tid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[16]);
  } catch {
    return undefined;
  }
}

/**
 * Lowers the calling thread's scheduling priority by `nice` (Linux, where nice values are per thread; threads it
 * starts later, such as WASM's, inherit it). Training threads call this so that under load the kernel prefers the
 * server's request thread: the API answers while training takes what is left. Lowering needs no privileges; where
 * it is not possible (other systems) nothing changes. Returns the thread's nice value afterwards, if known.
 */
export function lowerThreadPriority(nice: number): number | undefined {
  const tid = threadId();
  if (tid === undefined || nice <= 0) return tid === undefined ? undefined : threadNice(tid);
  try {
    const current = threadNice(tid) ?? 0;
    setPriority(tid, Math.min(19, current + nice));
  } catch {
    // Not permitted or not supported: train at the same priority.
  }
  return threadNice(tid);
}

/**
 * Lowers the whole process's priority by `nice`: called on the main thread before any other thread starts, which on
 * Linux means every thread (they inherit it); elsewhere the process's priority is one value anyway.
 */
export function lowerProcessPriority(nice: number): void {
  if (nice <= 0) return;
  if (threadId() !== undefined) {
    lowerThreadPriority(nice);
    return;
  }
  try {
    setPriority(Math.min(19, getPriority() + nice));
  } catch {
    // Not permitted: run at the same priority.
  }
}
