/** Chapter 3's activation functions (figures 3-6 to 3-9), computed by the library, with a movable x. */
import { chartSize, onRedraw } from '../chart-size.js';
import type { MessageKey } from '../i18n/en.js';
import { fixed, t } from '../i18n/language.js';
import { arange, lineChart, relu, sigmoid, stepFunction, type LineSeries, type NDArray } from '../../../src/core.js';
import { showSvg } from '../svg-host.js';

const FUNCTIONS: readonly {
  id: string;
  name: 'step' | 'sigmoid' | 'ReLU';
  label: MessageKey;
  f: (x: NDArray | number[]) => NDArray;
  color: string;
}[] = [
  { id: 'act-step', name: 'step', label: 'learn.step', f: stepFunction, color: '#000000' },
  { id: 'act-sigmoid', name: 'sigmoid', label: 'learn.sigmoid', f: sigmoid, color: '#1f77b4' },
  { id: 'act-relu', name: 'ReLU', label: 'learn.relu', f: relu, color: '#d62728' },
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
    xText.textContent = fixed(at, 1);
    const series: LineSeries[] = [];
    const read: string[] = [];
    let reluShown = false;
    FUNCTIONS.forEach((fn, i) => {
      if (!boxes[i]!.checked) return;
      const y = fn.f([at]).data[0]!;
      series.push({ x, y: fn.f(x), label: t(fn.label), color: fn.color, dash: fn.name === 'step' ? true : undefined });
      series.push({ x: [at], y: [y], line: false, marker: true, color: fn.color });
      read.push(`${t(fn.label)}(${fixed(at, 1)}) = ${Number(y.toPrecision(6))}`);
      if (fn.name === 'ReLU') reluShown = true;
    });
    values.textContent = read.length > 0 ? read.join(', ') : t('learn.pickOne');
    showSvg(
      chart,
      lineChart({
        ...chartSize(560, 360),
        title: t('learn.actChartTitle'),
        xLabel: 'x',
        yLabel: 'h(x)',
        series: series.length > 0 ? series : [{ x: [0], y: [NaN] }],
        // The book's limits: (-0.1, 1.1) for step and sigmoid, (-1, 5.5) once ReLU is shown.
        yLim: reluShown ? [-1.0, 5.5] : [-0.1, 1.1],
        xLim: [-5.5, 5.5],
        legend: series.length > 0 ? 'upper left' : false,
      }),
      t('learn.actChartLabel', { x: fixed(at, 1), values: values.textContent }),
    );
  }

  for (const el of [slider, ...boxes]) el.addEventListener('input', render);
  onRedraw(render);
  render();
}
