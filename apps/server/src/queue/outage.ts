import type { EventEmitter } from 'node:events';
import { redactedUrl } from './redis.js';

/** What a BullMQ Queue or Worker offers to follow its connection: errors, and its backend's `ready`. */
interface Watched {
  on(event: 'error', listener: (err: Error) => void): unknown;
  getBackend(): unknown;
}

/**
 * Says once that Redis went away (instead of one line per reconnect attempt) and once that it is back. The client
 * reconnects by itself; `lost` and `back` tell the caller what the outage means for its side.
 */
export class RedisOutage {
  private down = false;

  constructor(
    private readonly url: string,
    private readonly log: (message: string) => void,
    private readonly lost: string,
    private readonly back: string,
  ) {}

  get isDown(): boolean {
    return this.down;
  }

  /** Connection errors count toward the outage; others (a lost job lock, a script error) go to `other`. */
  watch(target: Watched, other: (err: Error) => void = () => {}): void {
    target.on('error', (err) => (isConnectionError(err) ? this.failed(err) : other(err)));
    (target.getBackend() as EventEmitter).on('ready', () => this.ready());
  }

  failed(err: Error): void {
    if (this.down) return;
    this.down = true;
    this.log(`lost Redis at ${redactedUrl(this.url)} (${err.message}); ${this.lost} [REDIS_UNREACHABLE]`);
  }

  ready(): void {
    if (!this.down) return;
    this.down = false;
    this.log(`Redis at ${redactedUrl(this.url)} answers again; ${this.back}`);
  }
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

export function isConnectionError(err: Error): boolean {
  const code = (err as { code?: unknown }).code;
  return (typeof code === 'string' && CONNECTION_CODES.has(code)) || /Connection is closed|connect ECONNREFUSED|Stream isn't writeable/i.test(err.message);
}
