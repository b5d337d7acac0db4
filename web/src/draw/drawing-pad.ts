/**
 * A canvas to draw on with a mouse, a pen or a finger (pointer events cover all three): black ink on
 * white paper with a round pen about as thick, relative to a digit, as MNIST's strokes.
 */
import type { RawImage } from '../../../src/core.js';

/** The drawing on a canvas, for the Draw page to predict from. */
export interface DrawingPad {
  /** Paints the canvas white: nothing drawn. */
  clear(): void;
  /** Whether nothing has been drawn since the last clear. */
  isEmpty(): boolean;
  /** The drawing as RGBA pixels, ready for `preprocessDigit`. */
  pixels(): RawImage;
}

/** What the pad tells its page while the user draws. */
export interface DrawingPadEvents {
  /** While a stroke is drawn (after each move). */
  onDraw(): void;
  /** When a stroke ends. */
  onStrokeEnd(): void;
}

/**
 * The pen's width as a share of the canvas: a digit drawn over most of the canvas then has strokes
 * about 2-3 pixels wide once it is scaled into MNIST's 20×20 box, like the digits the network saw.
 */
const PEN_WIDTH = 1 / 14;

/** Draws the pen's path from `from` to `to` in black, `width` pixels wide with round ends. */
function drawSegment(
  ctx: CanvasRenderingContext2D,
  width: number,
  from: readonly [number, number],
  to: readonly [number, number],
): void {
  ctx.beginPath();
  if (from[0] === to[0] && from[1] === to[1]) {
    // Canvas drops zero-length strokes, round caps and all: the pen's touch down is a filled dot, so the
    // pad holds ink as soon as it stops being empty (a live prediction may come before the first move).
    ctx.fillStyle = '#000000';
    ctx.arc(from[0], from[1], width / 2, 0, 2 * Math.PI);
    ctx.fill();
    return;
  }
  ctx.strokeStyle = '#000000';
  ctx.lineWidth = width;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.moveTo(from[0], from[1]);
  ctx.lineTo(to[0], to[1]);
  ctx.stroke();
}

/** Makes `canvas` a drawing pad (cleared white) that calls `events` as strokes are drawn. */
export function createDrawingPad(canvas: HTMLCanvasElement, events: DrawingPadEvents): DrawingPad {
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  let empty = true;
  let last: [number, number] | null = null;
  let pointer: number | null = null;

  function clear(): void {
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    empty = true;
  }

  /** The pointer's position in canvas pixels (the canvas is usually shown scaled). */
  function position(event: PointerEvent): [number, number] {
    const rect = canvas.getBoundingClientRect();
    return [
      ((event.clientX - rect.left) * canvas.width) / rect.width,
      ((event.clientY - rect.top) * canvas.height) / rect.height,
    ];
  }

  function segment(from: [number, number], to: [number, number]): void {
    drawSegment(ctx, canvas.width * PEN_WIDTH, from, to);
    empty = false;
  }

  canvas.addEventListener('pointerdown', (event) => {
    if (pointer !== null || (event.pointerType === 'mouse' && event.button !== 0)) return;
    event.preventDefault();
    pointer = event.pointerId;
    canvas.setPointerCapture(event.pointerId);
    last = position(event);
    segment(last, last);
    events.onDraw();
  });
  canvas.addEventListener('pointermove', (event) => {
    if (event.pointerId !== pointer || last === null) return;
    // Coalesced events keep fast strokes smooth: the browser may deliver one move per frame.
    const moves = typeof event.getCoalescedEvents === 'function' ? event.getCoalescedEvents() : [];
    for (const move of moves.length > 0 ? moves : [event]) {
      const p = position(move);
      segment(last, p);
      last = p;
    }
    events.onDraw();
  });
  const end = (event: PointerEvent): void => {
    if (event.pointerId !== pointer) return;
    pointer = null;
    last = null;
    events.onStrokeEnd();
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);

  clear();
  return {
    clear,
    isEmpty: () => empty,
    pixels: () => {
      const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
      return { data: image.data, width: image.width, height: image.height, channels: 4 };
    },
  };
}
