/** How a page should present a failed call. */
export type ProblemKind = 'unreachable' | 'unauthorized' | 'not-found' | 'refused' | 'error';

export interface Problem {
  kind: ProblemKind;
  /** The server's stable code (`error.data.appCode`: NOT_FOUND, INVALID_CONFIG, INVALID_STATE, ...) when it sent one. */
  code: string | null;
  message: string;
}

interface ClientErrorLike {
  message?: unknown;
  data?: { appCode?: unknown; code?: unknown; httpStatus?: unknown } | null;
  meta?: { response?: { status?: unknown } } | null;
  cause?: unknown;
}

/**
 * Turns whatever a tRPC call threw into something to show: the server's appCode and message when it answered
 * with one; `unreachable` when no answer came at all (server down, wrong URL, network); `refused` when something
 * answered but not as the API (a foreign origin refused, a proxy, another program on that port).
 */
export function describeError(err: unknown): Problem {
  const e = (err ?? {}) as ClientErrorLike;
  const message = typeof e.message === 'string' && e.message ? e.message : String(err);
  const appCode = typeof e.data?.appCode === 'string' ? e.data.appCode : typeof e.data?.code === 'string' ? e.data.code : null;
  if (appCode) {
    const kind: ProblemKind = appCode === 'UNAUTHORIZED' ? 'unauthorized' : appCode === 'NOT_FOUND' ? 'not-found' : 'error';
    return { kind, code: appCode, message };
  }
  // A static host answers API paths with its index.html: something is there, but not the aelab API.
  if (/Unexpected token '<'|<!doctype|is not valid JSON/i.test(message)) {
    return { kind: 'refused', code: 'NOT_AELAB_API', message: 'The address answered with a web page, not the aelab API.' };
  }
  const status = typeof e.meta?.response?.status === 'number' ? e.meta.response.status : null;
  if (status === 401) return { kind: 'unauthorized', code: 'UNAUTHORIZED', message: 'The server needs a token.' };
  if (status !== null) {
    return { kind: 'refused', code: status === 403 ? 'FORBIDDEN' : `HTTP_${status}`, message: `The server answered ${status} but not as the aelab API: ${message}` };
  }
  if (err instanceof TypeError || /fetch|network|load failed|ECONNREFUSED/i.test(message) || e.cause instanceof TypeError) {
    return { kind: 'unreachable', code: null, message };
  }
  return { kind: 'error', code: null, message };
}

/** `no run x [NOT_FOUND]`: the message with its code, as the CLI prints it. */
export function problemText(p: Problem): string {
  return p.code ? `${p.message} [${p.code}]` : p.message;
}
