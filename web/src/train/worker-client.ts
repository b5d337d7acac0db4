/** The Train page's handle on its training worker, started at the first run. */
import type { FromWorker, ToWorker } from './protocol.js';

/** The worker that trains (worker.js next to the page), created on the first `start`. */
export class TrainingWorker {
  private worker: Worker | null = null;

  /**
   * @param onMessage receives every message of the worker.
   * @param onFailure receives the details of an error that killed the worker (a failed load, an uncaught exception).
   */
  constructor(
    private readonly onMessage: (message: FromWorker) => void,
    private readonly onFailure: (details: string) => void,
  ) {}

  /** Starts the worker unless it runs already. */
  start(): void {
    if (this.worker !== null) return;
    // A module worker: the bundle is ES modules. It lives as long as the page, so MNIST is fetched
    // and parsed once however many networks are trained.
    const worker = new Worker('worker.js', { type: 'module' });
    worker.addEventListener('message', (event: MessageEvent<FromWorker>) => this.onMessage(event.data));
    worker.addEventListener('error', (event) => this.onFailure(event.message || 'no details'));
    this.worker = worker;
  }

  /** Sends `message` to the worker; before the first start there is no worker and nothing to tell it. */
  send(message: ToWorker): void {
    this.worker?.postMessage(message);
  }
}
