export {
  numericalDiff,
  numericalGradient,
  gradientDescent,
  NUMERICAL_H,
  type GradientDescentOptions,
  type GradientDescentResult,
} from './numerical.js';
