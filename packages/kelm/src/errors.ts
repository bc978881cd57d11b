/** Stable codes a caller (or the CLI) can branch on; the message says what to change. */
export type KelmErrorCode =
  | 'EMPTY_DATA'
  | 'SHAPE_MISMATCH'
  | 'NON_FINITE'
  | 'SINGLE_CLASS'
  | 'INVALID_C'
  | 'INVALID_OPTIONS'
  | 'NOT_POSITIVE_DEFINITE'
  | 'NOT_CONVERGED'
  | 'INVALID_MODEL'
  | 'UNKNOWN_CLASS'
  | 'FILE_MISSING'
  | 'BACKEND_UNSUPPORTED'
  | 'NATIVE_UNAVAILABLE';

export class KelmError extends Error {
  readonly code: KelmErrorCode;

  constructor(code: KelmErrorCode, message: string) {
    super(message);
    this.name = 'KelmError';
    this.code = code;
  }
}
