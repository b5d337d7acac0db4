/** The book's networks as compact layer specs, offered by the Train page's preset menu. */

/** A preset: its name in the menu (the book's class name) and its layers. */
export interface SpecPreset {
  /** The book's class name, the same in every language. */
  readonly name: string;
  /** The compact layer spec. */
  readonly layers: string;
}

/**
 * The book's networks for MNIST: TwoLayerNet (chapters 4 and 5, 50 hidden units), MultiLayerNet
 * (chapter 6, five hidden layers of 100), SimpleConvNet and DeepConvNet (chapter 7, 8.1).
 */
export const SPEC_PRESETS: readonly SpecPreset[] = [
  { name: 'TwoLayerNet', layers: 'dense50,relu,dense10' },
  { name: 'MultiLayerNet', layers: 'dense100,relu,dense100,relu,dense100,relu,dense100,relu,dense100,relu,dense10' },
  { name: 'SimpleConvNet', layers: 'conv30x5,relu,pool2,dense100,relu,dense10' },
  {
    name: 'DeepConvNet',
    layers:
      'conv16x3p1,relu,conv16x3p1,relu,pool2,conv32x3p1,relu,conv32x3p2,relu,pool2,' +
      'conv64x3p1,relu,conv64x3p1,relu,pool2,dense50,relu,dropout0.5,dense10,dropout0.5',
  },
];

/** The preset whose layers are exactly `layers` (spaces aside), if any. */
export function presetFor(layers: string): SpecPreset | undefined {
  const compact = layers.replace(/\s+/g, '');
  return SPEC_PRESETS.find((p) => p.layers === compact);
}
