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
  | 'OUT_OF_MEMORY';

/**
 * The error every public function throws for input it cannot use: `code` says what kind of problem
 * it is (stable, for programs to branch on), `message` which function, argument and expectation.
 */
export class ScratchnetError extends Error {
  /** What kind of problem: a wrong shape, argument, dtype, index or file (see `ErrorCode`). */
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ScratchnetError';
    this.code = code;
  }
}

/** Throws a `BAD_ARGUMENT` error unless `condition` holds. */
export function check(condition: boolean, message: string, code: ErrorCode = 'BAD_ARGUMENT'): asserts condition {
  if (!condition) throw new ScratchnetError(code, message);
}
