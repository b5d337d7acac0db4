/**
 * The playground's entry: four pages as tabs in one document (so a network trained on the Train
 * page can be handed to the Draw page in memory), each set up once, in English or Korean.
 */
import { setUpDrawPage } from './draw/page.js';
import { setUpLanguageMenu } from './i18n/language-menu.js';
import { onLanguageChange, pickLanguage, setLanguage, t } from './i18n/language.js';
import { applyStaticTexts } from './i18n/static-texts.js';
import { setUpLearnPage } from './learn/page.js';
import { loadShippedModel, ModelStore } from './model-store.js';
import { setUpPlanePage } from './plane/page.js';
import { setUpTabs } from './tabs.js';
import { setUpTrainPage } from './train/page.js';

// The texts of index.html first, so every page set up below finds them in the reader's language.
setLanguage(pickLanguage(location.search, navigator.language));
applyStaticTexts();
onLanguageChange(() => applyStaticTexts());
setUpLanguageMenu(document.getElementById('lang-select') as HTMLSelectElement);

const store = new ModelStore();
const tabs = setUpTabs(document.getElementById('tabs')!);
setUpDrawPage(store);
setUpTrainPage(store, (name) => tabs.select(name, true));
setUpLearnPage();
setUpPlanePage();
tabs.select(location.hash.slice(1) || 'draw');

loadShippedModel().then(
  (entry) => store.set(entry),
  (error: unknown) => {
    const label = document.getElementById('draw-model')!;
    label.dataset.failed = error instanceof Error ? error.message : String(error);
    label.textContent = t('draw.modelFailed', { error: label.dataset.failed });
  },
);
// Tests (and curious readers) can tell when the page has set itself up.
document.documentElement.dataset.ready = 'true';
