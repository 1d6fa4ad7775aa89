import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCodes, isDeterministicError } from './error-codes.js';
import { OcrError, isSerializedOcrError } from './ocr-error.js';

test('an OcrError survives a JSON round trip with its code and details', () => {
  const error = new OcrError(ErrorCodes.IMAGE_TOO_MANY_PIXELS, 'too big', { width: 3, max_pixels: 2 });
  const wire: unknown = JSON.parse(JSON.stringify(error));
  assert.ok(isSerializedOcrError(wire));
  const back = OcrError.fromJSON(wire);
  assert.deepEqual([back.code, back.message, back.details], [error.code, error.message, error.details]);
});

test('input errors are deterministic, engine failures are worth a retry', () => {
  assert.equal(isDeterministicError(ErrorCodes.IMAGE_UNREADABLE), true);
  assert.equal(isDeterministicError(ErrorCodes.LANGUAGE_UNAVAILABLE), true);
  assert.equal(isDeterministicError(ErrorCodes.ENGINE_FAILURE), false);
});

test('unknown codes are not mistaken for serialized errors', () => {
  assert.equal(isSerializedOcrError({ code: 'NOPE', message: 'x' }), false);
});
