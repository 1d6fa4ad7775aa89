import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OcrError } from '@ocr-pool/contracts';
import { LEGACY_DEFAULTS, parseOptions } from './option-parser.js';

test("the old service's defaults apply on its routes", () => {
  assert.deepEqual(parseOptions({}, LEGACY_DEFAULTS), {
    language: 'korean',
    confidence_threshold: 0.5,
    use_angle_cls: true,
  });
});

test("form booleans as Python's requests sends them", () => {
  for (const [raw, value] of [
    ['True', true],
    ['true', true],
    ['1', true],
    ['yes', true],
    ['False', false],
    ['0', false],
    ['off', false],
  ] as const) {
    assert.equal(parseOptions({ use_angle_cls: raw }, { language: 'en' }).use_angle_cls, value, raw);
  }
});

test('bad values name their field', () => {
  const field = (fields: Record<string, unknown>): string | undefined => {
    try {
      parseOptions(fields, { language: 'en' });
    } catch (error) {
      return error instanceof OcrError ? String(error.details.field) : 'not an OcrError';
    }
    return undefined;
  };
  assert.equal(field({ confidence_threshold: 'high' }), 'confidence_threshold');
  assert.equal(field({ confidence_threshold: '-0.1' }), 'confidence_threshold');
  assert.equal(field({ use_angle_cls: 'sometimes' }), 'use_angle_cls');
  assert.equal(field({ language: ['en', 'ch'] }), 'language');
  assert.equal(field({ language: '<script>' }), 'language');
  assert.equal(field({ colour: 'red' }), 'colour');
});
