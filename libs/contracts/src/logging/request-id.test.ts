import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptRequestId } from './request-id.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

test("a caller's plain request id is kept, from a header or from gRPC metadata", () => {
  assert.equal(acceptRequestId('req-42.a:b_c'), 'req-42.a:b_c');
  assert.equal(acceptRequestId(['from-metadata', 'second']), 'from-metadata');
});

test('a missing, binary, over-long or log-forging request id is replaced by a new UUID', () => {
  for (const given of [
    undefined,
    '',
    'x'.repeat(129),
    'a b',
    'line\nbreak',
    '{"json":1}',
    Buffer.from('id'),
    [],
    [7],
  ]) {
    const id = acceptRequestId(given);
    assert.match(id, UUID, `replaces ${JSON.stringify(given)}`);
  }
  assert.notEqual(acceptRequestId(undefined), acceptRequestId(undefined));
});
