/**
 * The one error class of @aelab/server. `code` is stable (UPPER_SNAKE); the tRPC error formatter puts it in
 * `error.data.appCode` so clients can branch on it without parsing messages.
 */
export type ServerErrorCode =
  | 'NOT_FOUND'
  | 'INVALID_CONFIG'
  | 'INVALID_INPUT'
  | 'INVALID_STATE'
  | 'LIMIT_EXCEEDED'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'TOKEN_REQUIRED'
  | 'STATE_LOCKED'
  | 'STATE_DIR'
  | 'BAD_PATH'
  | 'WEB_DIR'
  | (string & {});

export class ServerError extends Error {
  readonly code: ServerErrorCode;

  constructor(code: ServerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ServerError';
    this.code = code;
  }
}
