// Which kernel of the module runs each elementwise op, per dtype: the float32 kernels and their
// float64 counterparts (named *64), looked up by the ops in ops-elementwise.ts.

import type { TypedArray } from '../../dtype.js';
import type { BinaryOp, UnaryOp } from '../types.js';
import type {
  WasmBackwardKernel,
  WasmBinaryKernel,
  WasmKernelExports,
  WasmScalarKernel,
  WasmUnaryKernel,
  WasmVectorKernel,
} from './loader.js';
import { isF32, isF64 } from './thresholds.js';

/** The module's kernel for each binary op and operand layout it covers. */
export interface BinaryTables {
  readonly same: Partial<Record<BinaryOp, WasmBinaryKernel>>;
  /** x op s. */
  readonly scalarRight: Partial<Record<BinaryOp, WasmScalarKernel>>;
  /** s op x, for a scalar on the left. */
  readonly scalarLeft: Partial<Record<BinaryOp, WasmScalarKernel>>;
  readonly rowRight: Partial<Record<BinaryOp, WasmVectorKernel>>;
  readonly columnRight: Partial<Record<BinaryOp, WasmVectorKernel>>;
  /** Only the commutative ops can take the vector on the left, by swapping. */
  readonly rowLeft: Partial<Record<BinaryOp, WasmVectorKernel>>;
  readonly columnLeft: Partial<Record<BinaryOp, WasmVectorKernel>>;
}

/** Every elementwise kernel of one dtype. */
export interface ElementwiseTables {
  /** Whether an operand has this table's dtype. */
  readonly is: (x: TypedArray) => boolean;
  readonly unary: Partial<Record<UnaryOp, WasmUnaryKernel>>;
  readonly binary: BinaryTables;
  readonly reluBackward: WasmBackwardKernel;
  readonly sigmoidBackward: WasmBackwardKernel;
  readonly axpy: (y: number, x: number, alpha: number, n: number) => void;
}

/** The float32 kernels. */
export function float32Tables(ex: WasmKernelExports): ElementwiseTables {
  return {
    is: isF32,
    unary: {
      neg: ex.neg,
      exp: ex.exp,
      log: ex.log,
      sqrt: ex.sqrt,
      abs: ex.abs,
      square: ex.square,
      tanh: ex.tanh,
      sigmoid: ex.sigmoid,
      relu: ex.relu,
      step: ex.step,
      reciprocal: ex.reciprocal,
    },
    binary: {
      same: { add: ex.add, sub: ex.sub, mul: ex.mul, div: ex.div },
      scalarRight: { add: ex.addScalar, sub: ex.subScalar, mul: ex.mulScalar, div: ex.divScalar },
      scalarLeft: { add: ex.addScalar, sub: ex.rsubScalar, mul: ex.mulScalar, div: ex.rdivScalar },
      rowRight: { add: ex.addRowVector, sub: ex.subRowVector, mul: ex.mulRowVector, div: ex.divRowVector },
      columnRight: {
        add: ex.addColumnVector,
        sub: ex.subColumnVector,
        mul: ex.mulColumnVector,
        div: ex.divColumnVector,
      },
      rowLeft: { add: ex.addRowVector, mul: ex.mulRowVector },
      columnLeft: { add: ex.addColumnVector, mul: ex.mulColumnVector },
    },
    reluBackward: ex.reluBackward,
    sigmoidBackward: ex.sigmoidBackward,
    axpy: ex.axpy,
  };
}

/**
 * The float64 kernels: bitwise what the TypeScript kernels compute, so only the ops whose
 * TypeScript result they reproduce exactly (no log or tanh: those would need Math.log's and
 * Math.tanh's algorithms).
 */
export function float64Tables(ex: WasmKernelExports): ElementwiseTables {
  return {
    is: isF64,
    unary: {
      neg: ex.neg64,
      exp: ex.exp64,
      sqrt: ex.sqrt64,
      abs: ex.abs64,
      square: ex.square64,
      sigmoid: ex.sigmoid64,
      relu: ex.relu64,
      step: ex.step64,
      reciprocal: ex.reciprocal64,
    },
    binary: {
      same: { add: ex.add64, sub: ex.sub64, mul: ex.mul64, div: ex.div64 },
      scalarRight: { add: ex.addScalar64, sub: ex.subScalar64, mul: ex.mulScalar64, div: ex.divScalar64 },
      scalarLeft: { add: ex.addScalar64, sub: ex.rsubScalar64, mul: ex.mulScalar64, div: ex.rdivScalar64 },
      rowRight: { add: ex.addRowVector64, sub: ex.subRowVector64, mul: ex.mulRowVector64, div: ex.divRowVector64 },
      columnRight: {
        add: ex.addColumnVector64,
        sub: ex.subColumnVector64,
        mul: ex.mulColumnVector64,
        div: ex.divColumnVector64,
      },
      rowLeft: { add: ex.addRowVector64, mul: ex.mulRowVector64 },
      columnLeft: { add: ex.addColumnVector64, mul: ex.mulColumnVector64 },
    },
    reluBackward: ex.reluBackward64,
    sigmoidBackward: ex.sigmoidBackward64,
    axpy: ex.axpy64,
  };
}
