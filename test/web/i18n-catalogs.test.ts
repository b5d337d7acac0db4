// The playground's message catalogs: Korean has exactly the English keys, every text translated,
// the same placeholders; the format function and the choice of language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { en } from '../../web/src/i18n/en.js';
import { format, formatFixed, formatInteger, pluralForm } from '../../web/src/i18n/format.js';
import { ko } from '../../web/src/i18n/ko.js';
import { pickLanguage } from '../../web/src/i18n/language.js';

/** Korean texts that may read as the English ones: none today (names and numbers live in the markup). */
const SAME_IN_BOTH: readonly string[] = [];

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
const markup = (text: string): string[] => [...text.matchAll(/<\/?\w+>/g)].map((m) => m[0]).sort();

test('the Korean catalog has exactly the English keys', () => {
  assert.deepEqual(Object.keys(ko).sort(), Object.keys(en).sort());
});

test('no text is empty, and no Korean text is left in English', () => {
  const entries = Object.entries(en) as [keyof typeof en, string][];
  assert.deepEqual(
    entries.filter(([key, text]) => text.trim() === '' || ko[key].trim() === '').map(([key]) => key),
    [],
  );
  assert.deepEqual(
    entries.filter(([key, text]) => ko[key] === text && !SAME_IN_BOTH.includes(key)).map(([key]) => key),
    [],
    'Korean texts equal to the English ones',
  );
  // Beyond names of code and formats, a Korean text has Hangul in it.
  assert.deepEqual(
    entries.filter(([key]) => !/[\uac00-\ud7a3]/.test(ko[key]) && !SAME_IN_BOTH.includes(key)).map(([key]) => key),
    [],
    'Korean texts without Korean',
  );
});

test('both catalogs fill the same placeholders and carry the same markup', () => {
  for (const key of Object.keys(en) as (keyof typeof en)[]) {
    assert.deepEqual(placeholders(ko[key]), placeholders(en[key]), `placeholders of ${key}`);
    assert.deepEqual(markup(ko[key]), markup(en[key]), `markup of ${key}`);
  }
});

test('format fills placeholders, and leaves one without a value visible', () => {
  assert.equal(format('Prediction: {digit} ({percent})', { digit: 7, percent: '97.3%' }), 'Prediction: 7 (97.3%)');
  assert.equal(format('{a}{a} {b}', { a: 'x' }), 'xx {b}');
  assert.equal(format('no placeholders'), 'no placeholders');
});

test('numbers and plurals follow the language', () => {
  assert.equal(formatInteger('en', 60000), '60,000');
  assert.equal(formatInteger('ko', 60000), '60,000');
  assert.equal(formatFixed('en', 0.94331, 4), '0.9433');
  assert.equal(formatFixed('de', 0.94331, 4), '0,9433');
  assert.equal(pluralForm('en', 1), 'one');
  assert.equal(pluralForm('en', 3), 'other');
  assert.equal(pluralForm('ko', 1), 'other');
});

test('the language: ?lang= wins, else Korean for a Korean browser, else English', () => {
  assert.equal(pickLanguage('', 'ko-KR'), 'ko');
  assert.equal(pickLanguage('', 'ko'), 'ko');
  assert.equal(pickLanguage('', 'en-US'), 'en');
  assert.equal(pickLanguage('', 'ja'), 'en');
  assert.equal(pickLanguage('', undefined), 'en');
  assert.equal(pickLanguage('?lang=ko', 'en-US'), 'ko');
  assert.equal(pickLanguage('?lang=en', 'ko-KR'), 'en');
  assert.equal(pickLanguage('?lang=fr', 'ko-KR'), 'ko');
});
