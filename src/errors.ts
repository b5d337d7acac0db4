/**
 * The one error type scratchnet throws on bad input. `code` is stable across versions so callers
 * (and the CLI) can branch on it; `message` names the argument, shapes or file involved.
 */
export type ErrorCode =
  | 'SHAPE_MISMATCH'
  | 'BAD_ARGUMENT'
  | 'BAD_DTYPE'
  | 'INDEX_OUT_OF_RANGE'
  | 'BAD_FILE'
  | 'UNSAFE_PICKLE'
  | 'NAN_LOSS'
  | 'OUT_OF_MEMORY'
  | 'UNSUPPORTED';

/** Every `ErrorCode`, for checking one given at run time. */
export const ERROR_CODES: readonly ErrorCode[] = [
  'SHAPE_MISMATCH',
  'BAD_ARGUMENT',
  'BAD_DTYPE',
  'INDEX_OUT_OF_RANGE',
  'BAD_FILE',
  'UNSAFE_PICKLE',
  'NAN_LOSS',
  'OUT_OF_MEMORY',
  'UNSUPPORTED',
];

/**
 * The error every public function throws for input it cannot use: `code` says what kind of problem
 * it is (stable, for programs to branch on), `message` which function, argument and expectation.
 */
export class ScratchnetError extends Error {
  /** What kind of problem: a wrong shape, argument, dtype, index or file (see `ErrorCode`). */
  readonly code: ErrorCode;

  /** Throws `BAD_ARGUMENT` for a `code` outside `ErrorCode` or a `message` that is not a string. */
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ScratchnetError';
    this.code = code;
    // Checked after super(): the error about a bad code is itself a ScratchnetError of a known code.
    if (!ERROR_CODES.includes(code)) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `ScratchnetError: code must be one of ${ERROR_CODES.join(', ')}, got ${typeof code === 'string' ? JSON.stringify(code) : typeof code}`,
      );
    }
    if (typeof message !== 'string')
      throw new ScratchnetError('BAD_ARGUMENT', `ScratchnetError: message must be a string, got ${typeof message}`);
  }
}

/** Throws a `BAD_ARGUMENT` error unless `condition` holds. */
export function check(condition: boolean, message: string, code: ErrorCode = 'BAD_ARGUMENT'): asserts condition {
  if (!condition) throw new ScratchnetError(code, message);
}
