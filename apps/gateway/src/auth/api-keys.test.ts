import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { ANONYMOUS_TENANT, ApiKeyAuthenticator, parseApiKeys, presentedKey } from './api-keys.js';

test('named, hashed and bare keys map to tenants; the key itself is never the tenant', () => {
  const hash = createHash('sha256').update('carol-secret-0123456789').digest('hex');
  const auth = new ApiKeyAuthenticator(
    parseApiKeys(`alice:alice-secret-0123456789, carol:sha256:${hash}, bare-secret-0123456789`),
  );
  assert.equal(auth.tenantFor('alice-secret-0123456789'), 'alice');
  assert.equal(auth.tenantFor('carol-secret-0123456789'), 'carol');
  assert.match(auth.tenantFor('bare-secret-0123456789') ?? '', /^key-[0-9a-f]{8}$/);
  assert.equal(auth.tenantFor('nope'), undefined);
  assert.equal(auth.tenantFor(undefined), undefined);
});

test('short keys and duplicate tenants are configuration errors', () => {
  assert.throws(() => parseApiKeys('alice:short'), /shorter than 16/);
  assert.throws(() => parseApiKeys('a:0123456789abcdefg,a:0123456789abcdefh'), /appears twice/);
});

test('without keys every request is the anonymous tenant', () => {
  assert.equal(new ApiKeyAuthenticator([]).tenantFor(undefined), ANONYMOUS_TENANT);
});

test('keys are read from a Bearer token or X-API-Key', () => {
  assert.equal(presentedKey({ authorization: 'Bearer abc' }), 'abc');
  assert.equal(presentedKey({ 'x-api-key': 'def' }), 'def');
  assert.equal(presentedKey({}), undefined);
});
