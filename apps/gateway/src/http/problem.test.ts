import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCodes, OcrError } from '@ocr-pool/contracts';
import { STATUS_BY_CODE, problemFor } from './problem.js';

test('every error code has an HTTP status', () => {
  for (const code of Object.values(ErrorCodes)) assert.ok(STATUS_BY_CODE[code] >= 400, code);
});

test('problem details carry the code, the message and the facts that explain it', () => {
  const p = problemFor(
    new OcrError(ErrorCodes.LANGUAGE_UNAVAILABLE, 'not installed', { field: 'language', installed: ['en'] }),
    '/v1/jobs',
  );
  assert.deepEqual(p, {
    type: 'https://ocr-pool.dev/problems/language-unavailable',
    title: 'Unprocessable Content',
    status: 422,
    detail: 'not installed',
    code: 'LANGUAGE_UNAVAILABLE',
    instance: '/v1/jobs',
    field: 'language',
    installed: ['en'],
  });
});
