/**
 * The Train page's views of the inside of the network: the first layer's filters, one test digit's
 * activations (with its picker), the confusion matrix and the misclassified digits. The worker
 * sends the numbers; choosing a digit asks it for that digit's activations.
 */
import { ActivationsView } from './activations-view.js';
import { ConfusionView } from './confusion-view.js';
import { FiltersView } from './filters-view.js';
import { MisclassifiedView } from './misclassified-view.js';
import { DigitPicker } from './picker.js';
import type { InsideFromWorker, InsideToWorker } from './protocol.js';

function view(name: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(`#panel-train [data-view="${name}"]`);
  if (el === null) throw new Error(`the Train page has no [data-view="${name}"]`);
  return el;
}

/** The four views of the Train page; `send` asks the training worker. */
export class InsidePanel {
  private readonly filters = new FiltersView(view('filters'));
  private readonly activations = new ActivationsView(view('activations'), 'inside.activationsEmpty');
  private readonly confusion = new ConfusionView(view('confusion'));
  private readonly picker: DigitPicker;
  private readonly misclassified: MisclassifiedView;

  constructor(send: (message: InsideToWorker) => void) {
    this.picker = new DigitPicker(view('digit-picker'), (index) => send({ type: 'inspect', index }));
    this.misclassified = new MisclassifiedView(view('misclassified'), (index) => {
      this.picker.pick(index);
      view('activations').scrollIntoView({ block: 'nearest' });
    });
  }

  /** Blanks the views for a new run (the picked digit stays). */
  reset(): void {
    this.filters.show(undefined);
    this.activations.show(null);
    this.confusion.show(null);
    this.misclassified.show(null);
  }

  /** Shows what `message` from the worker reports. */
  receive(message: InsideFromWorker): void {
    switch (message.type) {
      case 'filters':
        this.filters.show(message.snapshot);
        break;
      case 'activations':
        this.activations.show(message.report);
        if (message.report.index !== null) this.picker.showIndex(message.report.index);
        break;
      case 'confusion':
        this.confusion.show(message.report);
        this.misclassified.show(message.report.misclassified);
        break;
      case 'digits':
        this.picker.setDigits(message.testSize, { images: message.images, labels: message.labels });
        break;
    }
  }
}
