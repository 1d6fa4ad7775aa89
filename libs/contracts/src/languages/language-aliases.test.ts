import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LANGUAGES, canonicalLanguage, lookupLanguage } from './language-aliases.js';

test("the old service's PaddleOCR names and ISO codes reach the same language", () => {
  for (const name of ['korean', 'ko', 'KOR']) assert.equal(lookupLanguage(name)?.code, 'ko');
  for (const name of ['japan', 'ja', 'jpn']) assert.equal(lookupLanguage(name)?.code, 'ja');
  assert.equal(lookupLanguage('chinese_cht')?.tesseract, 'chi_tra');
});

test('unknown names pass through lower-cased, for packs that bring new languages', () => {
  assert.equal(canonicalLanguage(' Klingon '), 'klingon');
});

test('no alias belongs to two languages', () => {
  const aliases = LANGUAGES.flatMap((l) => l.aliases);
  assert.equal(new Set(aliases).size, aliases.length);
});
