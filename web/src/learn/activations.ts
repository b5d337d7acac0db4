/** Chapter 3's activation functions (figures 3-6 to 3-9), computed by the library, with a movable x. */
import { arange, lineChart, relu, sigmoid, stepFunction, type LineSeries, type NDArray } from '../../../src/core.js';
import { showSvg } from '../svg-host.js';

const FUNCTIONS: readonly { id: string; name: string; f: (x: NDArray | number[]) => NDArray; color: string }[] = [
  { id: 'act-step', name: 'step', f: stepFunction, color: '#000000' },
  { id: 'act-sigmoid', name: 'sigmoid', f: sigmoid, color: '#1f77b4' },
  { id: 'act-relu', name: 'ReLU', f: relu, color: '#d62728' },
];

/** Sets up the activation functions figure of the Learn page. */
export function setUpActivations(): void {
  const chart = document.getElementById('act-chart')!;
  const slider = document.getElementById('act-x') as HTMLInputElement;
  const xText = document.getElementById('act-x-value')!;
  const values = document.getElementById('act-values')!;
  const boxes = FUNCTIONS.map((fn) => document.getElementById(fn.id) as HTMLInputElement);

  function render(): void {
    // The book's x: np.arange(-5.0, 5.0, 0.1).
    const x = arange(-5.0, 5.0, 0.1);
    const at = Number(slider.value);
    xText.textContent = at.toFixed(1);
    const series: LineSeries[] = [];
    const read: string[] = [];
    let reluShown = false;
    FUNCTIONS.forEach((fn, i) => {
      if (!boxes[i]!.checked) return;
      const y = fn.f([at]).data[0]!;
      series.push({ x, y: fn.f(x), label: fn.name, color: fn.color, dash: fn.name === 'step' ? true : undefined });
      series.push({ x: [at], y: [y], line: false, marker: true, color: fn.color });
      read.push(`${fn.name}(${at.toFixed(1)}) = ${Number(y.toPrecision(6))}`);
      if (fn.name === 'ReLU') reluShown = true;
    });
    values.textContent = read.length > 0 ? read.join(', ') : 'Pick at least one function.';
    showSvg(
      chart,
      lineChart({
        width: 560,
        height: 360,
        title: 'activation functions',
        xLabel: 'x',
        yLabel: 'h(x)',
        series: series.length > 0 ? series : [{ x: [0], y: [NaN] }],
        // The book's limits: (-0.1, 1.1) for step and sigmoid, (-1, 5.5) once ReLU is shown.
        yLim: reluShown ? [-1.0, 5.5] : [-0.1, 1.1],
        xLim: [-5.5, 5.5],
        legend: series.length > 0 ? 'upper left' : false,
      }),
      `activation functions at x = ${at.toFixed(1)}: ${values.textContent}`,
    );
  }

  for (const el of [slider, ...boxes]) el.addEventListener('input', render);
  render();
}
