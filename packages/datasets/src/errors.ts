/**
 * The one error class of @aelab/datasets. `code` is stable (UPPER_SNAKE) so the CLI, server and web app can tell a
 * user's bad input (one line, exit 2) from a bug, and branch without parsing messages.
 */
export type DatasetErrorCode =
  /** The dataset name is not one of DATASET_NAMES. */
  | 'UNKNOWN_DATASET'
  /** Options out of range (split, counts, fractions, shapes). */
  | 'INVALID_OPTIONS'
  /** A needed file is not there; the message names the file and the folder searched. */
  | 'FILE_MISSING'
  /** A file does not start with the magic number its format requires. */
  | 'BAD_MAGIC'
  /** A file ends before its header says it should. */
  | 'TRUNCATED'
  /** A gzip stream that cannot be inflated (corrupt or cut short). */
  | 'CORRUPT_GZIP'
  /** A file with the right magic but a wrong structure (dimensions, labels out of range, unparsable lines). */
  | 'BAD_FORMAT'
  /** A file that is there and well formed but holds no records (an empty or blank file, a header of 0 items). */
  | 'EMPTY_FILE'
  /** Image and label files disagree on the number of records. */
  | 'COUNT_MISMATCH'
  /** A downloaded file's checksum differs from the canonical one. */
  | 'CHECKSUM_MISMATCH'
  /** Every mirror failed (network, HTTP status, interrupted transfer). */
  | 'DOWNLOAD_FAILED'
  /** A tar archive that cannot be read or lacks a member. */
  | 'CORRUPT_ARCHIVE'
  /** An image file that is neither a readable PNG nor JPEG. */
  | 'UNREADABLE_IMAGE'
  /** A split index file with the wrong shape, out-of-range, duplicate or overlapping indices. */
  | 'INVALID_SPLIT_FILE';

export class DatasetError extends Error {
  readonly code: DatasetErrorCode;

  constructor(code: DatasetErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatasetError';
    this.code = code;
  }
}
