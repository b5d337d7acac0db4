// Checks that a page of the playground speaks its language: no English word of the catalog on a
// Korean page, no Hangul on an English one (visible texts only: a hidden page's texts are skipped).
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { en } from '../../web/src/i18n/en.js';

/** The visible text of every element (its own text nodes only), with the element's id or tag. */
export function visibleTexts(page: Page): Promise<{ where: string; text: string }[]> {
  return page.evaluate(() => {
    const out: { where: string; text: string }[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const el = node.parentElement;
      const text = (node.textContent ?? '').trim();
      if (el === null || text === '' || el.closest('[hidden], script, style, code, option[lang]') !== null) continue;
      // A closed select's options have no boxes, but the reader sees them when it opens.
      if (el.getClientRects().length === 0 && el.tagName !== 'OPTION') continue;
      out.push({ where: el.id || el.tagName.toLowerCase(), text });
    }
    return out;
  });
}

/**
 * Names of things that both languages write alike (ReLU, MNIST, Adam, ...), and the library's own
 * words for a network (sequential 784 dense10 (softmax-cross-entropy)), which the page quotes as they are.
 */
const NAMES = new Set([
  'sequential',
  'dense',
  'softmax',
  'safetensors',
  'onnx',
  'webassembly',
  'typescript',
  'relu',
  'tanh',
  'leaky',
  'mnist',
  'sgd',
  'adam',
  'momentum',
  'nesterov',
  'adagrad',
  'rmsprop',
  'scratchnet',
]);

/** The English catalog's words of at least 4 letters that are not names or code (numericalDiff). */
function englishWords(): Set<string> {
  const words = new Set<string>();
  for (const message of Object.values(en)) {
    for (const word of message.replace(/<[^>]+>|\{\w+\}/g, ' ').match(/[A-Za-z]{4,}/g) ?? []) {
      const lower = word.toLowerCase();
      if (!NAMES.has(lower) && !/[A-Z].*[A-Z]|[a-z][A-Z]/.test(word)) words.add(lower);
    }
  }
  return words;
}

/** Asserts that the visible text of `page` is in `lang`: no English catalog word in Korean, no Hangul in English. */
export async function assertPageLanguage(page: Page, lang: 'en' | 'ko', where: string): Promise<void> {
  const words = englishWords();
  const found: string[] = [];
  for (const { where: el, text } of await visibleTexts(page)) {
    if (lang === 'en' && /[\uac00-\ud7a3]/.test(text)) found.push(`${el}: "${text.slice(0, 80)}"`);
    if (lang === 'ko')
      for (const word of text.match(/[A-Za-z]{4,}/g) ?? [])
        if (words.has(word.toLowerCase())) found.push(`${el}: "${word}" in "${text.slice(0, 80)}"`);
  }
  assert.deepEqual(found, [], `texts of the ${where} page not in ${lang}`);
}
