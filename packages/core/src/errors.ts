/**
 * The one error class of @aelab/core. `code` is stable (UPPER_SNAKE) so callers (CLI, server, web) can branch on it
 * without parsing messages.
 */
export type CoreErrorCode =
  | 'INVALID_CONFIG'
  | 'UNKNOWN_CONFIG_KEY'
  | 'INVALID_ARGUMENT'
  | 'SHAPE_MISMATCH'
  | 'UNKNOWN_PRESET'
  | 'UNKNOWN_CLASS'
  | 'MODEL_FORMAT'
  | 'RUN_DIR'
  | 'BACKEND_UNAVAILABLE'
  | 'NOT_SUPPORTED'
  // Other modules of the package may add their own codes; the known ones above autocomplete.
  | (string & {});

export class CoreError extends Error {
  readonly code: CoreErrorCode;

  constructor(code: CoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CoreError';
    this.code = code;
  }
}
