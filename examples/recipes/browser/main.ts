/**
 * Recipe: train in a web page. This file imports only the browser entry (`src/core.ts`, published as
 * `scratchnet/core`), so esbuild bundles it for the browser; see ../in-the-browser.md.
 * The page shows the lines in `<pre id="out">`; without a document (the bundle run by Node) they go
 * to the console.
 */
import { Adam, array, MultiLayerNet } from '../../../src/core.js';

/** Trains a 2-8-2 network on XOR and returns what it learnt, one line per input. */
function trainXor(): string[] {
  const x = array([
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ]);
  const t = array([0, 1, 1, 0], { dtype: 'int32' });
  const net = new MultiLayerNet({ inputSize: 2, hiddenSizes: [8], outputSize: 2, seed: 1 });
  const optimizer = new Adam({ lr: 0.05 });
  let loss = Number.NaN;
  for (let step = 0; step < 500; step++) {
    const result = net.lossAndGradient(x, t);
    optimizer.update(net.params, result.grads);
    loss = result.loss;
  }
  const predicted = net.predict(x).argmax(1);
  const lines = [`final loss ${loss.toFixed(4)}`];
  for (let i = 0; i < 4; i++) lines.push(`${x.get(i, 0)} xor ${x.get(i, 1)} -> ${predicted.get(i)}`);
  return lines;
}

const lines = trainXor();
const out = typeof document === 'undefined' ? null : document.getElementById('out');
if (out === null) console.log(lines.join('\n'));
else out.textContent = lines.join('\n');
