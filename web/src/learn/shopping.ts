/**
 * The shopping example of section 5.4 as a computational graph: forward values on each edge,
 * backward gradients (dprice/d·) under them, computed by the library's MulLayer and AddLayer in
 * the order of the book's buy_apple.py and buy_apple_orange.py.
 */
import type { MessageKey } from '../i18n/en.js';
import { onLanguageChange, t } from '../i18n/language.js';
import { AddLayer, MulLayer } from '../../../src/core.js';
import { svgElement } from '../svg-host.js';

interface Inputs {
  apple: number;
  appleNum: number;
  orange: number;
  orangeNum: number;
  tax: number;
  withOrange: boolean;
}

/** Every value of one forward and backward pass, by name. */
export type ShoppingValues = Record<string, number>;

/** The book's scripts, line for line: forward, then backward from dprice = 1. */
export function shop(i: Inputs): ShoppingValues {
  const mulApple = new MulLayer();
  const mulTax = new MulLayer();
  if (!i.withOrange) {
    const applePrice = mulApple.forward(i.apple, i.appleNum);
    const price = mulTax.forward(applePrice, i.tax);
    const [dApplePrice, dTax] = mulTax.backward(1);
    const [dApple, dAppleNum] = mulApple.backward(dApplePrice);
    return {
      apple: i.apple,
      appleNum: i.appleNum,
      tax: i.tax,
      applePrice,
      price,
      dApplePrice,
      dTax,
      dApple,
      dAppleNum,
      dPrice: 1,
    };
  }
  const mulOrange = new MulLayer();
  const addAppleOrange = new AddLayer();
  const applePrice = mulApple.forward(i.apple, i.appleNum);
  const orangePrice = mulOrange.forward(i.orange, i.orangeNum);
  const allPrice = addAppleOrange.forward(applePrice, orangePrice);
  const price = mulTax.forward(allPrice, i.tax);
  const [dAllPrice, dTax] = mulTax.backward(1);
  const [dApplePrice, dOrangePrice] = addAppleOrange.backward(dAllPrice);
  const [dOrange, dOrangeNum] = mulOrange.backward(dOrangePrice);
  const [dApple, dAppleNum] = mulApple.backward(dApplePrice);
  return {
    apple: i.apple,
    appleNum: i.appleNum,
    orange: i.orange,
    orangeNum: i.orangeNum,
    tax: i.tax,
    applePrice,
    orangePrice,
    allPrice,
    price,
    dAllPrice,
    dTax,
    dApplePrice,
    dOrangePrice,
    dOrange,
    dOrangeNum,
    dApple,
    dAppleNum,
    dPrice: 1,
  };
}

interface GraphNode {
  id: string;
  x: number;
  y: number;
  /** The node's name (a message key), or an operator node's sign. */
  label: MessageKey | '×' | '+';
  op?: boolean;
}
/** An edge carries `value` forward and `grad` (the name of its gradient) back. */
interface GraphEdge {
  from: string;
  to: string;
  value: string;
  grad: string;
}

function graph(withOrange: boolean): { nodes: GraphNode[]; edges: GraphEdge[]; width: number; height: number } {
  if (!withOrange) {
    return {
      width: 720,
      height: 260,
      nodes: [
        { id: 'apple', x: 45, y: 45, label: 'learn.node.apple' },
        { id: 'appleNum', x: 45, y: 165, label: 'learn.node.appleNum' },
        { id: 'mulApple', x: 260, y: 105, label: '×', op: true },
        { id: 'tax', x: 260, y: 235, label: 'learn.node.tax' },
        { id: 'mulTax', x: 460, y: 140, label: '×', op: true },
        { id: 'price', x: 680, y: 140, label: 'learn.node.price' },
      ],
      edges: [
        { from: 'apple', to: 'mulApple', value: 'apple', grad: 'dApple' },
        { from: 'appleNum', to: 'mulApple', value: 'appleNum', grad: 'dAppleNum' },
        { from: 'mulApple', to: 'mulTax', value: 'applePrice', grad: 'dApplePrice' },
        { from: 'tax', to: 'mulTax', value: 'tax', grad: 'dTax' },
        { from: 'mulTax', to: 'price', value: 'price', grad: 'dPrice' },
      ],
    };
  }
  return {
    width: 820,
    height: 350,
    nodes: [
      { id: 'apple', x: 45, y: 30, label: 'learn.node.apple' },
      { id: 'appleNum', x: 45, y: 125, label: 'learn.node.appleNum' },
      { id: 'orange', x: 45, y: 215, label: 'learn.node.orange' },
      { id: 'orangeNum', x: 45, y: 315, label: 'learn.node.orangeNum' },
      { id: 'mulApple', x: 230, y: 78, label: '×', op: true },
      { id: 'mulOrange', x: 230, y: 265, label: '×', op: true },
      { id: 'add', x: 420, y: 170, label: '+', op: true },
      { id: 'tax', x: 420, y: 320, label: 'learn.node.tax' },
      { id: 'mulTax', x: 600, y: 200, label: '×', op: true },
      { id: 'price', x: 780, y: 200, label: 'learn.node.price' },
    ],
    edges: [
      { from: 'apple', to: 'mulApple', value: 'apple', grad: 'dApple' },
      { from: 'appleNum', to: 'mulApple', value: 'appleNum', grad: 'dAppleNum' },
      { from: 'orange', to: 'mulOrange', value: 'orange', grad: 'dOrange' },
      { from: 'orangeNum', to: 'mulOrange', value: 'orangeNum', grad: 'dOrangeNum' },
      { from: 'mulApple', to: 'add', value: 'applePrice', grad: 'dApplePrice' },
      { from: 'mulOrange', to: 'add', value: 'orangePrice', grad: 'dOrangePrice' },
      { from: 'add', to: 'mulTax', value: 'allPrice', grad: 'dAllPrice' },
      { from: 'tax', to: 'mulTax', value: 'tax', grad: 'dTax' },
      { from: 'mulTax', to: 'price', value: 'price', grad: 'dPrice' },
    ],
  };
}

/** Numbers as JavaScript (and Python) print them: 110.00000000000001 stays, as in the book. */
const show = (v: number): string => String(v);

/** What a node is called in words: its name, or for an operator node the sign. */
function nodeName(node: GraphNode): string {
  return node.label === '×' || node.label === '+' ? node.label : t(node.label);
}

/**
 * The graph in words for screen readers: every edge with the value it carries forward and the
 * gradient it carries back ("apple → ×: 100, gradient 2.2; ..."), after the graph's own name.
 */
function graphLabel(edges: readonly GraphEdge[], at: Map<string, GraphNode>, values: ShoppingValues): string {
  const parts = edges.map((e) =>
    t('charts.shopEdge', {
      from: nodeName(at.get(e.from)!),
      to: nodeName(at.get(e.to)!),
      value: show(values[e.value] ?? NaN),
      grad: show(values[e.grad] ?? NaN),
    }),
  );
  return `${t('learn.shopGraphLabel')}: ${parts.join('; ')}`;
}

function drawGraph(container: HTMLElement, withOrange: boolean, values: ShoppingValues): void {
  const g = graph(withOrange);
  const svg = svgElement('svg', {
    viewBox: `0 0 ${g.width} ${g.height}`,
    role: 'img',
    'font-family': 'sans-serif',
    'font-size': 13,
  });
  const at = new Map(g.nodes.map((n) => [n.id, n]));
  svg.setAttribute('aria-label', graphLabel(g.edges, at, values));
  svg.append(svgElement('defs', {}));
  for (const e of g.edges) {
    const a = at.get(e.from)!;
    const b = at.get(e.to)!;
    svg.append(
      svgElement('line', {
        x1: a.x + (a.op ? 18 : 40),
        y1: a.y,
        x2: b.x - (b.op ? 18 : 40),
        y2: b.y,
        stroke: '#444',
        'stroke-width': 1.5,
      }),
    );
    const mx = (a.x + b.x) / 2;
    const my = (a.y + b.y) / 2;
    const forward = svgElement('text', { x: mx, y: my - 7, 'text-anchor': 'middle', fill: '#111', class: 'forward' });
    forward.textContent = show(values[e.value] ?? NaN);
    const backward = svgElement('text', {
      x: mx,
      y: my + 17,
      'text-anchor': 'middle',
      fill: '#c62828',
      class: 'backward',
    });
    backward.textContent = show(values[e.grad] ?? NaN);
    svg.append(forward, backward);
  }
  for (const n of g.nodes) {
    if (n.op) {
      svg.append(svgElement('circle', { cx: n.x, cy: n.y, r: 18, fill: '#fff', stroke: '#222', 'stroke-width': 1.5 }));
    }
    const text = svgElement('text', {
      x: n.x,
      y: n.y + 5,
      'text-anchor': 'middle',
      'font-size': n.op ? 18 : 13,
      'font-weight': n.op ? 'bold' : 'normal',
    });
    text.textContent = nodeName(n);
    svg.append(text);
  }
  container.replaceChildren(svg);
}

/** The table's rows: the value's name, its label's message key, and whether it exists only with oranges. */
const ROWS: readonly [string, MessageKey, boolean][] = [
  ['price', 'learn.row.price', false],
  ['applePrice', 'learn.row.applePrice', false],
  ['orangePrice', 'learn.row.orangePrice', true],
  ['allPrice', 'learn.row.allPrice', true],
  ['dApple', 'learn.row.dApple', false],
  ['dAppleNum', 'learn.row.dAppleNum', false],
  ['dOrange', 'learn.row.dOrange', true],
  ['dOrangeNum', 'learn.row.dOrangeNum', true],
  ['dTax', 'learn.row.dTax', false],
];

/** Sets up the shopping computational graph of the Learn page: its values follow the inputs. */
export function setUpShopping(): void {
  const get = (id: string): HTMLInputElement => document.getElementById(id) as HTMLInputElement;
  const inputs = {
    apple: get('shop-apple'),
    appleNum: get('shop-apple-num'),
    orange: get('shop-orange'),
    orangeNum: get('shop-orange-num'),
    tax: get('shop-tax'),
  };
  const withOrange = get('shop-with-orange');
  const container = document.getElementById('shop-graph')!;
  const table = document.getElementById('shop-table')!;

  function render(): void {
    const both = withOrange.checked;
    for (const id of ['shop-orange', 'shop-orange-num']) get(id).closest('label')!.hidden = !both;
    const values = shop({
      apple: Number(inputs.apple.value),
      appleNum: Number(inputs.appleNum.value),
      orange: Number(inputs.orange.value),
      orangeNum: Number(inputs.orangeNum.value),
      tax: Number(inputs.tax.value),
      withOrange: both,
    });
    drawGraph(container, both, values);
    table.replaceChildren(
      ...ROWS.filter(([, , orange]) => both || !orange).map(([key, name]) => {
        const row = document.createElement('tr');
        const th = document.createElement('th');
        th.scope = 'row';
        th.textContent = t(name);
        const td = document.createElement('td');
        td.id = `shop-${key}`;
        td.textContent = show(values[key]!);
        row.append(th, td);
        return row;
      }),
    );
  }

  for (const el of [...Object.values(inputs), withOrange]) el.addEventListener('input', render);
  onLanguageChange(render);
  render();
}
