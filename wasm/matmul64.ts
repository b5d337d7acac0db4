// Register-tiled float64 matrix products C(m×n) = op(A)·op(B) for A·B, Aᵀ·B and A·Bᵀ. Every
// element's sum runs in an order fixed by k alone (never by how C is cut), so one thread and two
// give bitwise the same C. The plain build sums exactly as the TypeScript kernel does, so its C is
// bitwise TypeScript's; the relaxed build fuses each multiply-add (one rounding per product, and
// faster), so its C is within float64 rounding of TypeScript's:
//
// - A·B and Aᵀ·B: a 4×4 tile (eight f64x2 sums) runs over B packed into 4-column panels per K
//   block of ~256 (a multiple of 4); a later K block starts from the sums already in C. Aᵀ is packed
//   into 4-row tiles, A is read in place. Plain build: each C(i, j) = (((0 + q0) + q1) + ...) + the
//   last k mod 4 products one by one, where q_t = ((a·b + a·b) + a·b) + a·b over p = 4t .. 4t+3.
//   Relaxed build: C(i, j) = fma(a, b, ... fma(a, b, 0)) over p in order.
// - A·Bᵀ: each C(i, j) = (s0 + s1) + (s2 + s3), s_r the sum of the products with p ≡ r mod 4 (the
//   last k mod 4 into s0): two f64x2 sums per dot product along rows of A and B, 2×2 at a time
//   (each product fused in the relaxed build).

import { madd64 } from './simd';

const KC = 256; // the K block: one packed 4-column panel is KC·32 bytes.
const NC = 128; // the N block: a packed B block of KC × NC doubles (256 KiB) stays in L2.
const MC = 64; // the M block, for the packed A of Aᵀ·B.
const JB = 32768; // doubles of B's rows that A·Bᵀ keeps in cache at once (256 KiB).

/** ceil(total / ceil(total / max)), rounded up to a multiple of 4. */
// @ts-ignore: decorator
@inline function blockSize4(total: i32, max: i32): i32 {
  const count = (total + max - 1) / max;
  return ((total + count - 1) / count + 3) & ~3;
}

/** Bytes of scratch that `matmul64` needs for these sizes (none for A·Bᵀ but an edge tile). */
export function matmul64ScratchBytes(m: i32, k: i32, n: i32, transA: i32): usize {
  if (m <= 0 || n <= 0 || k <= 0) return 128;
  const kc = <usize>blockSize4(k, KC);
  let bytes = kc * <usize>((min(n, NC) + 3) & ~3) * 8;
  if (transA) bytes += kc * <usize>((min(m, MC) + 3) & ~3) * 8;
  return bytes + 128;
}

/** Packs B[p0 .. p0+kc, j0 .. j0+nc] (k×n, ldb doubles per row) into 4-column panels, zero-padded. */
function packB64(b: usize, dst: usize, ldb: i32, p0: i32, kc: i32, j0: i32, nc: i32): void {
  const ld = <usize>ldb << 3;
  for (let jr = 0; jr < nc; jr += 4) {
    const cols = min(4, nc - jr);
    const panel = dst + <usize>(jr >> 2) * (<usize>kc << 5);
    let src = b + ((<usize>p0 * <usize>ldb + <usize>(j0 + jr)) << 3);
    for (let p = 0; p < kc; p++, src += ld) {
      const d = panel + (<usize>p << 5);
      if (cols == 4) {
        v128.store(d, v128.load(src));
        v128.store(d, v128.load(src, 16), 16);
      } else {
        v128.store(d, f64x2.splat(0));
        v128.store(d, f64x2.splat(0), 16);
        for (let c = 0; c < cols; c++) store<f64>(d + (<usize>c << 3), load<f64>(src + (<usize>c << 3)));
      }
    }
  }
}

/** Packs Aᵀ[i0 .. i0+mc, p0 .. p0+kc] (A stored k×m, lda doubles per row) into 4-row tiles. */
function packAT64(a: usize, dst: usize, lda: i32, i0: i32, mc: i32, p0: i32, kc: i32): void {
  const ld = <usize>lda << 3;
  for (let ir = 0; ir < mc; ir += 4) {
    const rows = min(4, mc - ir);
    const tile = dst + <usize>(ir >> 2) * (<usize>kc << 5);
    let src = a + ((<usize>p0 * <usize>lda + <usize>(i0 + ir)) << 3);
    for (let p = 0; p < kc; p++, src += ld) {
      const d = tile + (<usize>p << 5);
      if (rows == 4) {
        v128.store(d, v128.load(src));
        v128.store(d, v128.load(src, 16), 16);
      } else {
        v128.store(d, f64x2.splat(0));
        v128.store(d, f64x2.splat(0), 16);
        for (let r = 0; r < rows; r++) store<f64>(d + (<usize>r << 3), load<f64>(src + (<usize>r << 3)));
      }
    }
  }
}

/** ((x0·b0 + x1·b1) + x2·b2) + x3·b3: four products of one row, summed as TypeScript sums them. */
// @ts-ignore: decorator
@inline function quad(x0: v128, x1: v128, x2: v128, x3: v128, b0: v128, b1: v128, b2: v128, b3: v128): v128 {
  const s = f64x2.add(f64x2.add(f64x2.mul(x0, b0), f64x2.mul(x1, b1)), f64x2.mul(x2, b2));
  return f64x2.add(s, f64x2.mul(x3, b3));
}

/** The double at a + k·step in both lanes. */
// @ts-ignore: decorator
@inline function splat4(a: usize, step: usize, k: i32): v128 {
  return v128.load64_splat(a + <usize>k * step);
}

/** `tile4x4` of the plain build: the products in groups of four, summed as TypeScript sums them. */
function tileInOrder(
  a0: usize, a1: usize, a2: usize, a3: usize, aStep: usize, panel: usize, kc: i32,
  c: usize, ldc: usize, accumulate: bool,
): void {
  const r1 = c + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
  const z = f64x2.splat(0);
  let c00 = accumulate ? v128.load(c) : z, c01 = accumulate ? v128.load(c, 16) : z;
  let c10 = accumulate ? v128.load(r1) : z, c11 = accumulate ? v128.load(r1, 16) : z;
  let c20 = accumulate ? v128.load(r2) : z, c21 = accumulate ? v128.load(r2, 16) : z;
  let c30 = accumulate ? v128.load(r3) : z, c31 = accumulate ? v128.load(r3, 16) : z;
  const k4 = kc & ~3;
  let ao: usize = 0;
  let bp = panel;
  for (let p = 0; p < k4; p += 4, ao += aStep << 2, bp += 128) {
    const b00 = v128.load(bp), b01 = v128.load(bp, 16), b10 = v128.load(bp, 32), b11 = v128.load(bp, 48);
    const b20 = v128.load(bp, 64), b21 = v128.load(bp, 80), b30 = v128.load(bp, 96), b31 = v128.load(bp, 112);
    let x0 = splat4(a0 + ao, aStep, 0), x1 = splat4(a0 + ao, aStep, 1);
    let x2 = splat4(a0 + ao, aStep, 2), x3 = splat4(a0 + ao, aStep, 3);
    c00 = f64x2.add(c00, quad(x0, x1, x2, x3, b00, b10, b20, b30));
    c01 = f64x2.add(c01, quad(x0, x1, x2, x3, b01, b11, b21, b31));
    x0 = splat4(a1 + ao, aStep, 0); x1 = splat4(a1 + ao, aStep, 1);
    x2 = splat4(a1 + ao, aStep, 2); x3 = splat4(a1 + ao, aStep, 3);
    c10 = f64x2.add(c10, quad(x0, x1, x2, x3, b00, b10, b20, b30));
    c11 = f64x2.add(c11, quad(x0, x1, x2, x3, b01, b11, b21, b31));
    x0 = splat4(a2 + ao, aStep, 0); x1 = splat4(a2 + ao, aStep, 1);
    x2 = splat4(a2 + ao, aStep, 2); x3 = splat4(a2 + ao, aStep, 3);
    c20 = f64x2.add(c20, quad(x0, x1, x2, x3, b00, b10, b20, b30));
    c21 = f64x2.add(c21, quad(x0, x1, x2, x3, b01, b11, b21, b31));
    x0 = splat4(a3 + ao, aStep, 0); x1 = splat4(a3 + ao, aStep, 1);
    x2 = splat4(a3 + ao, aStep, 2); x3 = splat4(a3 + ao, aStep, 3);
    c30 = f64x2.add(c30, quad(x0, x1, x2, x3, b00, b10, b20, b30));
    c31 = f64x2.add(c31, quad(x0, x1, x2, x3, b01, b11, b21, b31));
  }
  // The last k mod 4 products go in one at a time.
  for (let p = k4; p < kc; p++, ao += aStep, bp += 32) {
    const b0 = v128.load(bp), b1 = v128.load(bp, 16);
    let x = v128.load64_splat(a0 + ao);
    c00 = f64x2.add(c00, f64x2.mul(x, b0));
    c01 = f64x2.add(c01, f64x2.mul(x, b1));
    x = v128.load64_splat(a1 + ao);
    c10 = f64x2.add(c10, f64x2.mul(x, b0));
    c11 = f64x2.add(c11, f64x2.mul(x, b1));
    x = v128.load64_splat(a2 + ao);
    c20 = f64x2.add(c20, f64x2.mul(x, b0));
    c21 = f64x2.add(c21, f64x2.mul(x, b1));
    x = v128.load64_splat(a3 + ao);
    c30 = f64x2.add(c30, f64x2.mul(x, b0));
    c31 = f64x2.add(c31, f64x2.mul(x, b1));
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(r1, c10);
  v128.store(r1, c11, 16);
  v128.store(r2, c20);
  v128.store(r2, c21, 16);
  v128.store(r3, c30);
  v128.store(r3, c31, 16);
}

/** `tile4x4` of the relaxed build: one fused multiply-add per product, in order. */
function tileFused(
  a0: usize, a1: usize, a2: usize, a3: usize, aStep: usize, panel: usize, kc: i32,
  c: usize, ldc: usize, accumulate: bool,
): void {
  const r1 = c + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
  const z = f64x2.splat(0);
  let c00 = accumulate ? v128.load(c) : z, c01 = accumulate ? v128.load(c, 16) : z;
  let c10 = accumulate ? v128.load(r1) : z, c11 = accumulate ? v128.load(r1, 16) : z;
  let c20 = accumulate ? v128.load(r2) : z, c21 = accumulate ? v128.load(r2, 16) : z;
  let c30 = accumulate ? v128.load(r3) : z, c31 = accumulate ? v128.load(r3, 16) : z;
  let ao: usize = 0;
  let bp = panel;
  for (let p = 0; p < kc; p++, ao += aStep, bp += 32) {
    const b0 = v128.load(bp), b1 = v128.load(bp, 16);
    let x = v128.load64_splat(a0 + ao);
    c00 = madd64(x, b0, c00);
    c01 = madd64(x, b1, c01);
    x = v128.load64_splat(a1 + ao);
    c10 = madd64(x, b0, c10);
    c11 = madd64(x, b1, c11);
    x = v128.load64_splat(a2 + ao);
    c20 = madd64(x, b0, c20);
    c21 = madd64(x, b1, c21);
    x = v128.load64_splat(a3 + ao);
    c30 = madd64(x, b0, c30);
    c31 = madd64(x, b1, c31);
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(r1, c10);
  v128.store(r1, c11, 16);
  v128.store(r2, c20);
  v128.store(r2, c21, 16);
  v128.store(r3, c30);
  v128.store(r3, c31, 16);
}

/**
 * One 4×4 tile of C, written in full at c (ldc bytes per row): each C(r, ·) is C's old value (if
 * `accumulate`, else 0) plus Σ_p a_r[p]·panel[p]. a0..a3 point at the four rows of A for this K
 * block and advance by aStep per p.
 */
// @ts-ignore: decorator
@inline function tile4x4(
  a0: usize, a1: usize, a2: usize, a3: usize, aStep: usize, panel: usize, kc: i32,
  c: usize, ldc: usize, accumulate: bool,
): void {
  if (ASC_FEATURE_RELAXED_SIMD) tileFused(a0, a1, a2, a3, aStep, panel, kc, c, ldc, accumulate);
  else tileInOrder(a0, a1, a2, a3, aStep, panel, kc, c, ldc, accumulate);
}

/**
 * A tile at C's edge (rows < 4 or cols < 4): computed in `tmp` (128 bytes), with C's old values
 * copied in first when accumulating, and only C's own elements copied back.
 */
function edgeTile(
  a0: usize, a1: usize, a2: usize, a3: usize, aStep: usize, panel: usize, kc: i32,
  c: usize, ldc: usize, accumulate: bool, rows: i32, cols: i32, tmp: usize,
): void {
  if (accumulate) {
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < cols; j++) store<f64>(tmp + (<usize>(r * 4 + j) << 3), load<f64>(c + <usize>r * ldc + (<usize>j << 3)));
    }
  }
  tile4x4(a0, a1, a2, a3, aStep, panel, kc, tmp, 32, accumulate);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) store<f64>(c + <usize>r * ldc + (<usize>j << 3), load<f64>(tmp + (<usize>(r * 4 + j) << 3)));
  }
}

/**
 * C[0..m, 0..nc] (+)= op(A)[0..m, pc..pc+kc] · panels (one packed K block of B, nc columns; C points
 * at its first column). Aᵀ's rows go through `packedA`; edge tiles through the 128 bytes at `tmp`.
 */
function panelsTimesA64(
  a: usize, panels: usize, c: usize, m: i32, nc: i32, kc: i32, pc: i32, transA: i32, lda: i32, ldc: usize,
  packedA: usize, tmp: usize,
): void {
  const accumulate = pc > 0;
  for (let ic = 0; ic < m; ic += MC) {
    const mc = min(MC, m - ic);
    if (transA) packAT64(a, packedA, lda, ic, mc, pc, kc);
    for (let ir = 0; ir < mc; ir += 4) {
      const rows = min(4, mc - ir);
      let a0: usize, rowStep: usize, aStep: usize;
      if (transA) {
        a0 = packedA + <usize>(ir >> 2) * (<usize>kc << 5);
        rowStep = 8;
        aStep = 32;
      } else {
        a0 = a + ((<usize>(ic + ir) * <usize>lda + <usize>pc) << 3);
        rowStep = <usize>lda << 3;
        aStep = 8;
      }
      // Rows past m read row 0 again (their sums are thrown away) rather than past A's end.
      const a1 = rows > 1 ? a0 + rowStep : a0;
      const a2 = rows > 2 ? a0 + 2 * rowStep : a0;
      const a3 = rows > 3 ? a0 + 3 * rowStep : a0;
      const cRow = c + <usize>(ic + ir) * ldc;
      for (let jr = 0; jr < nc; jr += 4) {
        const cols = min(4, nc - jr);
        const panel = panels + <usize>(jr >> 2) * (<usize>kc << 5);
        const ct = cRow + (<usize>jr << 3);
        if (rows == 4 && cols == 4) tile4x4(a0, a1, a2, a3, aStep, panel, kc, ct, ldc, accumulate);
        else edgeTile(a0, a1, a2, a3, aStep, panel, kc, ct, ldc, accumulate, rows, cols, tmp);
      }
    }
  }
}

/** C(i, j) = (s0 + s1) + (s2 + s3) from the lanes of sA = (s0, s1) and sB = (s2, s3), the tail into s0. */
// @ts-ignore: decorator
@inline function finishDot(sA: v128, sB: v128, a: usize, b: usize, p: i32, k: i32): f64 {
  let s0 = f64x2.extract_lane(sA, 0);
  for (let q = p; q < k; q++) s0 += load<f64>(a + (<usize>q << 3)) * load<f64>(b + (<usize>q << 3));
  return s0 + f64x2.extract_lane(sA, 1) + (f64x2.extract_lane(sB, 0) + f64x2.extract_lane(sB, 1));
}

/**
 * The 2×2 block of dot products of rows a0, a1 of A with rows b0, b1 of B (k doubles each) into C
 * at c (ldc bytes per row), rows × cols of it (the others are computed from repeated rows and dropped).
 */
function dots2x2(a0: usize, a1: usize, b0: usize, b1: usize, k: i32, c: usize, ldc: usize, rows: i32, cols: i32): void {
  const z = f64x2.splat(0);
  let s00 = z, t00 = z, s01 = z, t01 = z, s10 = z, t10 = z, s11 = z, t11 = z;
  let p = 0;
  for (; p + 4 <= k; p += 4) {
    const o = <usize>p << 3;
    const x0 = v128.load(a0 + o), y0 = v128.load(a0 + o, 16);
    const x1 = v128.load(a1 + o), y1 = v128.load(a1 + o, 16);
    const u0 = v128.load(b0 + o), v0 = v128.load(b0 + o, 16);
    const u1 = v128.load(b1 + o), v1 = v128.load(b1 + o, 16);
    s00 = madd64(x0, u0, s00);
    t00 = madd64(y0, v0, t00);
    s01 = madd64(x0, u1, s01);
    t01 = madd64(y0, v1, t01);
    s10 = madd64(x1, u0, s10);
    t10 = madd64(y1, v0, t10);
    s11 = madd64(x1, u1, s11);
    t11 = madd64(y1, v1, t11);
  }
  store<f64>(c, finishDot(s00, t00, a0, b0, p, k));
  if (cols > 1) store<f64>(c, finishDot(s01, t01, a0, b1, p, k), 8);
  if (rows < 2) return;
  store<f64>(c + ldc, finishDot(s10, t10, a1, b0, p, k));
  if (cols > 1) store<f64>(c + ldc, finishDot(s11, t11, a1, b1, p, k), 8);
}

/** C (m×n) = A·Bᵀ, A m×k and B n×k stored with lda and ldb doubles per row, C with ldc. */
function timesBT64(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, lda: i32, ldb: i32, ldcDoubles: i32): void {
  const ldc = <usize>ldcDoubles << 3;
  const la = <usize>lda << 3;
  const lb = <usize>ldb << 3;
  const jb = max(2, min(n, (JB / max(k, 1)) & ~1));
  for (let j0 = 0; j0 < n; j0 += jb) {
    const j1 = min(n, j0 + jb);
    for (let i = 0; i < m; i += 2) {
      const a0 = a + <usize>i * la;
      const rows = min(2, m - i);
      const a1 = rows > 1 ? a0 + la : a0;
      const cRow = c + <usize>i * ldc;
      for (let j = j0; j < j1; j += 2) {
        const b0 = b + <usize>j * lb;
        const cols = min(2, j1 - j);
        dots2x2(a0, a1, b0, cols > 1 ? b0 + lb : b0, k, cRow + (<usize>j << 3), ldc, rows, cols);
      }
    }
  }
}

/**
 * C (m×n) = op(A)·op(B), row-major, A stored m×k (k×m if transA), B k×n (n×k if transB); not
 * both transposed. `scratch` must hold matmul64ScratchBytes(m, k, n, transA) bytes.
 */
export function matmul64(
  a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, transA: i32, transB: i32, scratch: usize,
): void {
  matmulBlock64(a, b, c, m, k, n, transA, transB, scratch, transA ? m : k, transB ? k : n, n);
}

/**
 * `matmul64` on blocks of larger row-major matrices: lda, ldb and ldc are the doubles between the
 * starts of consecutive rows of A, B and C as stored. Each of two threads computes a block this way.
 */
export function matmulBlock64(
  a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, transA: i32, transB: i32, scratch: usize,
  lda: i32, ldb: i32, ldcDoubles: i32,
): void {
  if (m <= 0 || n <= 0) return;
  const ldc = <usize>ldcDoubles << 3;
  if (k <= 0) {
    for (let i = 0; i < m; i++) memory.fill(c + <usize>i * ldc, 0, <usize>n << 3);
    return;
  }
  if (transB) {
    timesBT64(a, b, c, m, k, n, lda, ldb, ldcDoubles);
    return;
  }
  const kcMax = blockSize4(k, KC);
  const packedB = scratch;
  const packedA = packedB + <usize>kcMax * <usize>((min(n, NC) + 3) & ~3) * 8;
  const tmp = transA ? packedA + <usize>kcMax * <usize>((min(m, MC) + 3) & ~3) * 8 : packedA;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += kcMax) {
      const kc = min(kcMax, k - pc);
      packB64(b, packedB, ldb, pc, kc, jc, nc);
      panelsTimesA64(a, packedB, c + (<usize>jc << 3), m, nc, kc, pc, transA, lda, ldc, packedA, tmp);
    }
  }
}

/** Bytes that `packBAll64` writes for B of k×n: every K block, each in 4-column panels. */
export function packedB64Bytes(k: i32, n: i32): usize {
  return <usize>max(k, 0) * <usize>((max(n, 0) + 3) & ~3) * 8;
}

/**
 * Packs all of B (k×n, ldb doubles per row) into `dst` once, for `matmulPackedB64` calls that
 * share it: the K block starting at row pc sits pc·ceil4(n) doubles in, all n columns as one block.
 */
export function packBAll64(b: usize, dst: usize, ldb: i32, k: i32, n: i32): void {
  if (k <= 0 || n <= 0) return;
  const kcMax = blockSize4(k, KC);
  const npad = <usize>((n + 3) & ~3);
  for (let pc = 0; pc < k; pc += kcMax) packB64(b, dst + <usize>pc * npad * 8, ldb, pc, min(kcMax, k - pc), 0, n);
}

/** Bytes of scratch that `matmulPackedB64` needs (the packed Aᵀ of Aᵀ·B, and an edge tile). */
export function matmulPackedB64ScratchBytes(m: i32, k: i32, transA: i32): usize {
  if (m <= 0 || k <= 0 || !transA) return 128;
  return <usize>blockSize4(k, KC) * <usize>((min(m, MC) + 3) & ~3) * 8 + 128;
}

/**
 * Rows of C = op(A)·B with B already packed by `packBAll64`: two threads share one packing of B and
 * split C's rows. Every sum runs in `matmulBlock64`'s order, so C is bitwise the same.
 */
export function matmulPackedB64(
  a: usize, packed: usize, c: usize, m: i32, k: i32, n: i32, transA: i32, scratch: usize, lda: i32, ldcDoubles: i32,
): void {
  if (m <= 0 || n <= 0) return;
  const ldc = <usize>ldcDoubles << 3;
  if (k <= 0) {
    for (let i = 0; i < m; i++) memory.fill(c + <usize>i * ldc, 0, <usize>n << 3);
    return;
  }
  const kcMax = blockSize4(k, KC);
  const npad = <usize>((n + 3) & ~3);
  const tmp = transA ? scratch + <usize>kcMax * <usize>((min(m, MC) + 3) & ~3) * 8 : scratch;
  for (let pc = 0; pc < k; pc += kcMax) {
    const panels = packed + <usize>pc * npad * 8;
    panelsTimesA64(a, panels, c, m, n, min(kcMax, k - pc), pc, transA, lda, ldc, scratch, tmp);
  }
}
