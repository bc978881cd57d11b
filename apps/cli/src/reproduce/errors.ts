/**
 * The reproduction's one error class; `code` is stable UPPER_SNAKE so the CLI prints a one-line message for it
 * (and a server could branch on it) without parsing text.
 */
export type ReproduceErrorCode = 'INVALID_OPTIONS' | 'NO_DATA' | 'SPLIT_FILE' | 'OUTPUT_DIR' | (string & {});

export class ReproduceError extends Error {
  readonly code: ReproduceErrorCode;

  constructor(code: ReproduceErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReproduceError';
    this.code = code;
  }
}
