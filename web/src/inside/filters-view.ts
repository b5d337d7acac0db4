/**
 * The first layer's filters (or a dense layer's weights per hidden unit), live during training:
 * snapshots arrive a few times per second and are painted on the next animation frame, the latest
 * one only, so the page never falls behind the worker.
 */
import { onRedraw } from '../chart-size.js';
import { integer, t } from '../i18n/language.js';
import { createImageCanvas, paintImage } from './paint.js';
import type { FiltersSnapshot } from './types.js';

/** The filters view in `root` (`data-view="filters"`): a caption and a grid of small canvases. */
export class FiltersView {
  private snapshot: FiltersSnapshot | null | undefined;
  private frame: number | undefined;
  private readonly caption: HTMLElement;
  private readonly grid: HTMLElement;

  constructor(private readonly root: HTMLElement) {
    this.caption = document.createElement('p');
    this.caption.className = 'hint inside-caption';
    this.grid = document.createElement('div');
    this.grid.className = 'inside-grid';
    this.grid.setAttribute('role', 'img');
    root.replaceChildren(this.caption, this.grid);
    onRedraw(() => this.showCaption());
    this.show(undefined);
  }

  /** Shows `snapshot` on the next frame; undefined: nothing trained yet, null: no weights to show as images. */
  show(snapshot: FiltersSnapshot | null | undefined): void {
    this.snapshot = snapshot;
    this.frame ??= requestAnimationFrame(() => {
      this.frame = undefined;
      this.paint();
    });
  }

  private paint(): void {
    const { snapshot, grid } = this;
    this.showCaption();
    if (snapshot === undefined || snapshot === null) {
      grid.replaceChildren();
      this.root.dataset.count = '0';
      return;
    }
    const { count, width, height, kind } = snapshot;
    const first = grid.firstElementChild as HTMLCanvasElement | null;
    if (grid.childElementCount !== count || first?.width !== width || first.height !== height) {
      grid.replaceChildren(
        ...Array.from({ length: count }, () => createImageCanvas(width, height, `inside-filter inside-${kind}`)),
      );
    }
    const size = width * height;
    grid.querySelectorAll('canvas').forEach((canvas, i) => {
      paintImage(canvas, snapshot.values, i * size, kind === 'conv' ? 'grey' : 'diverging');
    });
    this.root.dataset.count = String(count);
    this.root.dataset.kind = kind;
  }

  /** The caption, and the grid's text alternative, in the page's language. */
  private showCaption(): void {
    const { snapshot } = this;
    const text =
      snapshot === undefined
        ? t('inside.filtersEmpty')
        : snapshot === null
          ? t('inside.filtersNone')
          : snapshot.kind === 'conv'
            ? t('inside.filtersConv', {
                count: integer(snapshot.count),
                token: snapshot.token,
                size: `${snapshot.height}×${snapshot.width}`,
              })
            : t('inside.filtersDense', {
                count: integer(snapshot.count),
                total: integer(snapshot.total),
                token: snapshot.token,
              });
    this.caption.textContent = text;
    this.grid.setAttribute('aria-label', text);
  }
}
