// Book section 6.2.2-6.2.3 (ch06/weight_init_activation_histogram.py, figures 6-10 to 6-14): 1000
// random inputs of 100 features through five layers of 100 units, for the settings the book tries
// one by one by editing its script. The book's script only draws the histograms (`scratchnet plot
// activation-histograms` draws all six rows); this prints each layer's mean and standard deviation,
// and what share of its outputs falls in the first and last of the 30 bins over (0, 1).
// Run: node --import tsx examples/ch06/weight_init_activation_histogram.ts
import { activationHistograms } from '../../src/index.js';

const percent = (count: number, total: number): string => `${((100 * count) / total).toFixed(1)}%`;

for (const setting of activationHistograms({ samples: 1000, nodes: 100, layers: 5, seed: 1 })) {
  console.log(`${setting.label} (weights std ${Number(setting.scale.toPrecision(4))}):`);
  for (const layer of setting.layers) {
    const first = percent(layer.counts[0]!, layer.total);
    const last = percent(layer.counts[layer.counts.length - 1]!, layer.total);
    console.log(
      `  ${layer.layer}-layer: mean ${layer.mean.toPrecision(4)}, std ${layer.std.toPrecision(4)}, first bin ${first}, last bin ${last}`,
    );
  }
}
