import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCodes, OcrError } from '@ocr-pool/contracts';
import { knownError } from './known-error.js';

test('a Redis at its maxmemory is UNAVAILABLE with a retry hint, not an internal error', () => {
  const full = knownError(
    new Error("OOM command not allowed when used memory > 'maxmemory'.") /* ioredis's ReplyError says this */,
  );
  assert.equal(full.code, ErrorCodes.UNAVAILABLE);
  assert.equal(full.details.retry_after_seconds, 5);
  assert.match(full.message, /out of memory/);
});

test('lost connections are UNAVAILABLE, OcrErrors pass through, anything else is INTERNAL_ERROR without its text', () => {
  assert.equal(knownError(new Error('connect ECONNREFUSED 127.0.0.1:6379')).code, ErrorCodes.UNAVAILABLE);
  const own = new OcrError(ErrorCodes.NOT_FOUND, 'No job x.');
  assert.equal(knownError(own), own);
  const other = knownError(new TypeError('secret internals'));
  assert.equal(other.code, ErrorCodes.INTERNAL_ERROR);
  assert.doesNotMatch(other.message, /secret/);
});
