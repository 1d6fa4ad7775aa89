import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCodes, OcrError } from '@ocr-pool/contracts';
import { LanguageRegistry } from './language-registry.js';

function registry(): LanguageRegistry {
  const r = new LanguageRegistry();
  r.add('ch', 'ppocr', 'ppocr-v4-ch@4.0.0');
  r.add('en', 'ppocr', 'ppocr-v4-ch@4.0.0');
  return r;
}

test('every alias of an installed language routes to its engine and pack', () => {
  for (const name of ['en', 'EN', 'english', 'eng', ' English ']) assert.equal(registry().resolve(name).code, 'en');
  for (const name of ['ch', 'zh', 'chinese', 'chi_sim', 'zh-CN'])
    assert.equal(registry().resolve(name).pack, 'ppocr-v4-ch@4.0.0');
});

test('the first route for a language wins', () => {
  const r = registry();
  assert.equal(r.add('en', 'tesseract'), false);
  assert.equal(r.resolve('en').engine, 'ppocr');
});

test('a language that is not installed is a typed error naming what is installed and how to add it', () => {
  assert.throws(
    () => registry().resolve('korean'),
    (error: unknown) => {
      assert.ok(error instanceof OcrError);
      assert.equal(error.code, ErrorCodes.LANGUAGE_UNAVAILABLE);
      assert.match(error.message, /"korean" is not installed/);
      assert.match(error.message, /Installed languages: ch, en/);
      assert.match(error.message, /tesseract-ocr-kor/);
      assert.deepEqual(error.details.installed, ['ch', 'en']);
      return true;
    },
  );
});
