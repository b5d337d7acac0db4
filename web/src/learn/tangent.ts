/**
 * Figure 4-7, movable: f(x) = 0.01x² + 0.1x and its tangent, whose slope is the library's numerical
 * derivative (a central difference with h = 1e-4) at the x the slider picks.
 */
import { chartSize, onRedraw } from '../chart-size.js';
import { t } from '../i18n/language.js';
import { lineChart, numericalDiff } from '../../../src/core.js';
import { showSvg } from '../svg-host.js';

/** The book's function_1. */
const f = (x: number): number => 0.01 * x ** 2 + 0.1 * x;

/** Sets up the numerical derivative figure of the Learn page: the tangent follows the slider. */
export function setUpTangent(): void {
  const chart = document.getElementById('tan-chart')!;
  const slider = document.getElementById('tan-x') as HTMLInputElement;
  const xText = document.getElementById('tan-x-value')!;
  const result = document.getElementById('tan-result')!;

  function render(): void {
    const at = Number(slider.value);
    xText.textContent = at.toFixed(1);
    const slope = numericalDiff(f, at);
    const exact = 0.02 * at + 0.1;
    const intercept = f(at) - slope * at;
    const xs = Array.from({ length: 200 }, (_, i) => i * 0.1);
    result.textContent = t('learn.tanResult', {
      x: at.toFixed(1),
      slope,
      exact: Number(exact.toFixed(10)),
      difference: Math.abs(slope - exact).toExponential(1),
    });
    result.dataset.slope = String(slope);
    showSvg(
      chart,
      lineChart({
        ...chartSize(560, 360),
        title: t('learn.tanChartTitle', { x: at.toFixed(1), slope: slope.toFixed(6) }),
        xLabel: 'x',
        yLabel: 'f(x)',
        series: [
          { x: xs, y: xs.map(f), label: 'f(x) = 0.01x\u00b2 + 0.1x' },
          { x: xs, y: xs.map((t) => slope * t + intercept), label: t('learn.tangent') },
          { x: [at], y: [f(at)], line: false, marker: true, color: '#000000' },
        ],
        xLim: [0, 20],
        yLim: [-1, 6.5],
        legend: 'upper left',
      }),
      result.textContent,
    );
  }

  slider.addEventListener('input', render);
  onRedraw(render);
  render();
}
