// Copying chosen rows of a matrix into a mini-batch.

/**
 * Copies rows idx[0 .. count) (int32 row numbers at idx) of the matrix at src, rowBytes bytes per
 * row, to consecutive rows at dst. The caller checks the row numbers: random rows of a 188 MB
 * training set are memory-bound, and memory.copy moves them faster than a typed-array `set`.
 */
export function gatherRows(src: usize, idx: usize, count: i32, rowBytes: usize, dst: usize): void {
  for (let j = 0; j < count; j++) {
    const row = <usize>load<i32>(idx + (<usize>j << 2));
    memory.copy(dst + <usize>j * rowBytes, src + row * rowBytes, rowBytes);
  }
}
