/**
 * The playground's entry: three pages as tabs in one document (so a network trained on the Train
 * page can be handed to the Draw page in memory), each set up once.
 */
import { setUpDrawPage } from './draw/page.js';
import { setUpLearnPage } from './learn/page.js';
import { loadShippedModel, ModelStore } from './model-store.js';
import { setUpTabs } from './tabs.js';
import { setUpTrainPage } from './train/page.js';

const store = new ModelStore();
const tabs = setUpTabs(document.getElementById('tabs')!);
setUpDrawPage(store);
setUpTrainPage(store, (name) => tabs.select(name, true));
setUpLearnPage();
tabs.select(location.hash.slice(1) || 'draw');

loadShippedModel().then(
  (entry) => store.set(entry),
  (error: unknown) => {
    const label = document.getElementById('draw-model')!;
    label.textContent = `The shipped model could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
  },
);
// Tests (and curious readers) can tell when the page has set itself up.
document.documentElement.dataset.ready = 'true';
