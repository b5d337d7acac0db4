// Register-tiled float32 matrix products C(m×n) = op(A)·op(B) in all the layouts the layers need.
//
// A 4×8 register tile (eight f32x4 accumulators: wider tiles run out of vector registers in V8); B
// packed into 8-column panels per block of ~256 along K so the inner loop reads it contiguously; A
// read in place for A·B but packed for Aᵀ·B (walking Aᵀ with a stride is slow); Bᵀ packed with 4×4
// in-register transposes, so no transposed copy is ever made. Packing A for A·B too gains nothing,
// so A·B skips that pass. docs/performance.md explains the layout.

import { madd } from './simd';

const KC = 256; // the K block: one packed 8-column panel is KC·32 bytes.
const NC = 512; // the N block: a packed B block of KC × NC floats stays in L2.
const MC = 128; // the M block, for the packed A of Aᵀ·B.

/** ceil(total / ceil(total / max)): equal blocks, so no block is left with a sliver of work. */
// @ts-ignore: decorator
@inline function blockSize(total: i32, max: i32): i32 {
  const count = (total + max - 1) / max;
  return (total + count - 1) / count;
}

/** Bytes of scratch that `matmul` needs for these sizes (16-byte alignment is best). */
export function matmulScratchBytes(m: i32, k: i32, n: i32, transA: i32): usize {
  if (m <= 0 || n <= 0 || k <= 0) return 128;
  const kc = <usize>blockSize(k, KC);
  const nc = <usize>((blockSize(n, NC) + 7) & ~7);
  let bytes = kc * nc * 4;
  if (transA) bytes += kc * <usize>((blockSize(m, MC) + 3) & ~3) * 4;
  // A 4×8 tile for edge tiles.
  return bytes + 128;
}

/**
 * Packs op(B)[p0 .. p0+kc, j0 .. j0+nc] into 8-column panels: panel t holds kc rows of 8 floats
 * (columns 8t .. 8t+7), zero-padded past nc. B is k×n row-major, or n×k if transB, with ldb
 * floats between the starts of its rows.
 */
function packB(b: usize, dst: usize, ldb: i32, p0: i32, kc: i32, j0: i32, nc: i32, transB: i32): void {
  for (let jr = 0; jr < nc; jr += 8) {
    const cols = min(8, nc - jr);
    const panel = dst + <usize>(jr >> 3) * (<usize>kc << 5);
    const j = j0 + jr;
    if (!transB) {
      let src = b + ((<usize>p0 * <usize>ldb + <usize>j) << 2);
      const ld = <usize>ldb << 2;
      if (cols == 8) {
        for (let p = 0; p < kc; p++, src += ld) {
          const d = panel + (<usize>p << 5);
          v128.store(d, v128.load(src));
          v128.store(d, v128.load(src, 16), 16);
        }
      } else {
        for (let p = 0; p < kc; p++, src += ld) {
          const d = panel + (<usize>p << 5);
          v128.store(d, f32x4.splat(0));
          v128.store(d, f32x4.splat(0), 16);
          for (let c = 0; c < cols; c++) store<f32>(d + (<usize>c << 2), load<f32>(src + (<usize>c << 2)));
        }
      }
      continue;
    }
    // Bᵀ: column c of the panel is row j + c of B, read 4 floats at a time and transposed in registers.
    const ld = <usize>ldb << 2;
    const r0 = b + ((<usize>j * <usize>ldb + <usize>p0) << 2);
    let p = 0;
    if (cols == 8) {
      for (; p + 4 <= kc; p += 4) {
        const o = <usize>p << 2;
        const d = panel + (<usize>p << 5);
        for (let half = 0; half < 2; half++) {
          const s = r0 + <usize>(half * 4) * ld + o;
          const x0 = v128.load(s);
          const x1 = v128.load(s + ld);
          const x2 = v128.load(s + 2 * ld);
          const x3 = v128.load(s + 3 * ld);
          const t0 = v128.shuffle<f32>(x0, x1, 0, 4, 1, 5);
          const t1 = v128.shuffle<f32>(x0, x1, 2, 6, 3, 7);
          const t2 = v128.shuffle<f32>(x2, x3, 0, 4, 1, 5);
          const t3 = v128.shuffle<f32>(x2, x3, 2, 6, 3, 7);
          const dh = d + <usize>(half << 4);
          v128.store(dh, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
          v128.store(dh, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7), 32);
          v128.store(dh, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5), 64);
          v128.store(dh, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7), 96);
        }
      }
    }
    for (; p < kc; p++) {
      const d = panel + (<usize>p << 5);
      const s = r0 + (<usize>p << 2);
      for (let c = 0; c < 8; c++) {
        store<f32>(d + (<usize>c << 2), c < cols ? load<f32>(s + <usize>c * ld) : 0);
      }
    }
  }
}

/**
 * Packs op(A)[i0 .. i0+mc, p0 .. p0+kc] for Aᵀ·B (A stored k×m, lda floats per row) into 4-row
 * tiles: tile t holds kc groups of 4 floats (rows 4t .. 4t+3 at one p), zero-padded past mc. Each
 * group is one contiguous load from a row of A.
 */
function packAT(a: usize, dst: usize, lda: i32, i0: i32, mc: i32, p0: i32, kc: i32): void {
  const ld = <usize>lda << 2;
  for (let ir = 0; ir < mc; ir += 4) {
    const rows = min(4, mc - ir);
    const tile = dst + <usize>(ir >> 2) * (<usize>kc << 4);
    let src = a + ((<usize>p0 * <usize>lda + <usize>(i0 + ir)) << 2);
    if (rows == 4) {
      for (let p = 0; p < kc; p++, src += ld) v128.store(tile + (<usize>p << 4), v128.load(src));
    } else {
      for (let p = 0; p < kc; p++, src += ld) {
        const d = tile + (<usize>p << 4);
        v128.store(d, f32x4.splat(0));
        for (let r = 0; r < rows; r++) store<f32>(d + (<usize>r << 2), load<f32>(src + (<usize>r << 2)));
      }
    }
  }
}

/**
 * One 4×8 tile of C: C[0..rows, 0..cols] (+)= Σ_p a_r[p]·panel[p], r = 0..3. a0..a3 point at the
 * four rows of A for this K block and advance by aStep per p; panel is a packed 8-column B panel.
 * Full tiles go straight to C; edge tiles go through `tmp` so nothing past C's edge is written.
 */
function tile4x8(
  a0: usize, a1: usize, a2: usize, a3: usize, aStep: usize, panel: usize, kc: i32,
  c: usize, ldc: usize, accumulate: bool, rows: i32, cols: i32, tmp: usize,
): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let ao: usize = 0;
  const end = panel + (<usize>kc << 5);
  for (let bp = panel; bp < end; bp += 32) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let av = v128.load32_splat(a0 + ao);
    c00 = madd(av, b0, c00);
    c01 = madd(av, b1, c01);
    av = v128.load32_splat(a1 + ao);
    c10 = madd(av, b0, c10);
    c11 = madd(av, b1, c11);
    av = v128.load32_splat(a2 + ao);
    c20 = madd(av, b0, c20);
    c21 = madd(av, b1, c21);
    av = v128.load32_splat(a3 + ao);
    c30 = madd(av, b0, c30);
    c31 = madd(av, b1, c31);
    ao += aStep;
  }
  if (rows == 4 && cols == 8) {
    const r1 = c + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
    if (accumulate) {
      c00 = f32x4.add(c00, v128.load(c));
      c01 = f32x4.add(c01, v128.load(c, 16));
      c10 = f32x4.add(c10, v128.load(r1));
      c11 = f32x4.add(c11, v128.load(r1, 16));
      c20 = f32x4.add(c20, v128.load(r2));
      c21 = f32x4.add(c21, v128.load(r2, 16));
      c30 = f32x4.add(c30, v128.load(r3));
      c31 = f32x4.add(c31, v128.load(r3, 16));
    }
    v128.store(c, c00);
    v128.store(c, c01, 16);
    v128.store(r1, c10);
    v128.store(r1, c11, 16);
    v128.store(r2, c20);
    v128.store(r2, c21, 16);
    v128.store(r3, c30);
    v128.store(r3, c31, 16);
    return;
  }
  v128.store(tmp, c00);
  v128.store(tmp, c01, 16);
  v128.store(tmp, c10, 32);
  v128.store(tmp, c11, 48);
  v128.store(tmp, c20, 64);
  v128.store(tmp, c21, 80);
  v128.store(tmp, c30, 96);
  v128.store(tmp, c31, 112);
  for (let r = 0; r < rows; r++) {
    const cr = c + <usize>r * ldc;
    const tr = tmp + (<usize>r << 5);
    for (let j = 0; j < cols; j++) {
      const o = <usize>j << 2;
      const v = load<f32>(tr + o);
      store<f32>(cr + o, accumulate ? load<f32>(cr + o) + v : v);
    }
  }
}

/**
 * The 4×4 tile for a last panel of at most 4 columns (n = 50 leaves 2): the left half of the 8-wide
 * panel only, at half the cost of a 4×8 tile.
 */
function tile4x4(
  a0: usize, a1: usize, a2: usize, a3: usize, aStep: usize, panel: usize, kc: i32,
  c: usize, ldc: usize, accumulate: bool, rows: i32, cols: i32, tmp: usize,
): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
  let ao: usize = 0;
  const end = panel + (<usize>kc << 5);
  for (let bp = panel; bp < end; bp += 32) {
    const b0 = v128.load(bp);
    c0 = madd(v128.load32_splat(a0 + ao), b0, c0);
    c1 = madd(v128.load32_splat(a1 + ao), b0, c1);
    c2 = madd(v128.load32_splat(a2 + ao), b0, c2);
    c3 = madd(v128.load32_splat(a3 + ao), b0, c3);
    ao += aStep;
  }
  v128.store(tmp, c0);
  v128.store(tmp, c1, 32);
  v128.store(tmp, c2, 64);
  v128.store(tmp, c3, 96);
  for (let r = 0; r < rows; r++) {
    const cr = c + <usize>r * ldc;
    const tr = tmp + (<usize>r << 5);
    for (let j = 0; j < cols; j++) {
      const o = <usize>j << 2;
      const v = load<f32>(tr + o);
      store<f32>(cr + o, accumulate ? load<f32>(cr + o) + v : v);
    }
  }
}

/**
 * C (m×n) = op(A)·op(B), row-major, where A is stored m×k (k×m if transA) and B k×n (n×k if
 * transB). `scratch` must hold matmulScratchBytes(m, k, n, transA) bytes and overlap no operand.
 * Sums are kept in f32 lanes.
 */
export function matmul(
  a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, transA: i32, transB: i32, scratch: usize,
): void {
  matmulBlock(a, b, c, m, k, n, transA, transB, scratch, transA ? m : k, transB ? k : n, n);
}

/**
 * `matmul` on blocks of larger row-major matrices: lda, ldb and ldc are the floats between the
 * starts of consecutive rows of A, B and C as stored (so A's is m or more when transA). Two threads
 * each compute a block of one product this way, in place, with scratch of their own.
 */
export function matmulBlock(
  a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, transA: i32, transB: i32, scratch: usize,
  lda: i32, ldb: i32, ldcFloats: i32,
): void {
  if (m <= 0 || n <= 0) return;
  const ldc = <usize>ldcFloats << 2;
  if (k <= 0) {
    zeroC(c, m, n, ldcFloats);
    return;
  }
  const kcMax = blockSize(k, KC);
  const ncMax = blockSize(n, NC);
  const mcMax = blockSize(m, MC);
  const packedB = scratch;
  const packedA = packedB + <usize>kcMax * <usize>((ncMax + 7) & ~7) * 4;
  for (let jc = 0; jc < n; jc += ncMax) {
    const nc = min(ncMax, n - jc);
    for (let pc = 0; pc < k; pc += kcMax) {
      const kc = min(kcMax, k - pc);
      packB(b, packedB, ldb, pc, kc, jc, nc, transB);
      panelsTimesA(a, packedB, c + (<usize>jc << 2), m, nc, kc, pc, transA, lda, ldc, mcMax, packedA);
    }
  }
}

/** Bytes that `packBAll` writes for op(B) of k×n: every K block, each in 8-column panels. */
export function packedBBytes(k: i32, n: i32): usize {
  return <usize>max(k, 0) * <usize>((max(n, 0) + 7) & ~7) * 4;
}

/**
 * Packs all of op(B) (k×n; n×k stored if transB, ldb floats per stored row) into `dst` once, for
 * `matmulPackedB` calls that share it: the K block starting at row pc sits pc·ceil8(n) floats in,
 * as `matmulBlock` would pack it (with the whole of n as one N block).
 */
export function packBAll(b: usize, dst: usize, ldb: i32, k: i32, n: i32, transB: i32): void {
  if (k <= 0 || n <= 0) return;
  const kcMax = blockSize(k, KC);
  const npad = <usize>((n + 7) & ~7);
  for (let pc = 0; pc < k; pc += kcMax) packB(b, dst + <usize>pc * npad * 4, ldb, pc, min(kcMax, k - pc), 0, n, transB);
}

/** Bytes of scratch that `matmulPackedB` needs (the packed A of Aᵀ·B, and an edge tile). */
export function matmulPackedScratchBytes(m: i32, k: i32, transA: i32): usize {
  if (m <= 0 || k <= 0 || !transA) return 128;
  return <usize>blockSize(k, KC) * <usize>((blockSize(m, MC) + 3) & ~3) * 4 + 128;
}

/**
 * Rows of C = op(A)·op(B) with op(B) already packed by `packBAll` (for all n columns): two threads
 * share one packing of B and split C's rows, instead of each packing all of B. Sums run in the
 * same order as `matmulBlock`'s, so C is bitwise the same.
 */
export function matmulPackedB(
  a: usize, packed: usize, c: usize, m: i32, k: i32, n: i32, transA: i32, scratch: usize, lda: i32, ldcFloats: i32,
): void {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    zeroC(c, m, n, ldcFloats);
    return;
  }
  const kcMax = blockSize(k, KC);
  const mcMax = blockSize(m, MC);
  const npad = <usize>((n + 7) & ~7);
  for (let pc = 0; pc < k; pc += kcMax) {
    panelsTimesA(a, packed + <usize>pc * npad * 4, c, m, n, min(kcMax, k - pc), pc, transA, lda, <usize>ldcFloats << 2, mcMax, scratch);
  }
}

function zeroC(c: usize, m: i32, n: i32, ldcFloats: i32): void {
  if (ldcFloats == n) memory.fill(c, 0, (<usize>m * <usize>n) << 2);
  else for (let i = 0; i < m; i++) memory.fill(c + <usize>i * (<usize>ldcFloats << 2), 0, <usize>n << 2);
}

/**
 * C[0..m, 0..nc] (+)= op(A)[0..m, pc..pc+kc] · panels, where `panels` is one packed K block of B
 * (nc columns) and C already points at its first column. Packs A's rows through `packedA` for
 * Aᵀ·B; edge tiles go through the 128 bytes after the packed A.
 */
function panelsTimesA(
  a: usize, panels: usize, c: usize, m: i32, nc: i32, kc: i32, pc: i32, transA: i32, lda: i32, ldc: usize,
  mcMax: i32, packedA: usize,
): void {
  const tmp = transA ? packedA + <usize>kc * <usize>((mcMax + 3) & ~3) * 4 : packedA;
  const accumulate = pc > 0;
  for (let ic = 0; ic < m; ic += mcMax) {
    const mc = min(mcMax, m - ic);
    if (transA) packAT(a, packedA, lda, ic, mc, pc, kc);
    for (let ir = 0; ir < mc; ir += 4) {
      const rows = min(4, mc - ir);
      let a0: usize, rowStep: usize, aStep: usize;
      if (transA) {
        a0 = packedA + <usize>(ir >> 2) * (<usize>kc << 4);
        rowStep = 4;
        aStep = 16;
      } else {
        a0 = a + ((<usize>(ic + ir) * <usize>lda + <usize>pc) << 2);
        rowStep = <usize>lda << 2;
        aStep = 4;
      }
      // Rows past m read row 0 again (their sums are thrown away) rather than past A's end.
      const a1 = rows > 1 ? a0 + rowStep : a0;
      const a2 = rows > 2 ? a0 + 2 * rowStep : a0;
      const a3 = rows > 3 ? a0 + 3 * rowStep : a0;
      const cRow = c + <usize>(ic + ir) * ldc;
      for (let jr = 0; jr < nc; jr += 8) {
        const cols = min(8, nc - jr);
        const panel = panels + <usize>(jr >> 3) * (<usize>kc << 5);
        if (cols <= 4) tile4x4(a0, a1, a2, a3, aStep, panel, kc, cRow + (<usize>jr << 2), ldc, accumulate, rows, cols, tmp);
        else tile4x8(a0, a1, a2, a3, aStep, panel, kc, cRow + (<usize>jr << 2), ldc, accumulate, rows, cols, tmp);
      }
    }
  }
}
