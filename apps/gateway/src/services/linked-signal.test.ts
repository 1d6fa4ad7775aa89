import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { linkSignals } from './linked-signal.js';

test('the linked signal aborts with either side', () => {
  const longLived = new AbortController();
  const call = new AbortController();
  const byCall = linkSignals(longLived.signal, call.signal);
  call.abort();
  assert.equal(byCall.signal.aborted, true);
  const byLongLived = linkSignals(longLived.signal);
  longLived.abort();
  assert.equal(byLongLived.signal.aborted, true);
  assert.equal(linkSignals(longLived.signal).signal.aborted, true, 'already aborted');
});

test('released links leave nothing on the long-lived signal, however many calls there were', () => {
  const longLived = new AbortController();
  for (let i = 0; i < 10_000; i++) {
    const call = new AbortController();
    const link = linkSignals(longLived.signal, call.signal);
    link.release();
    assert.equal(getEventListeners(call.signal, 'abort').length, 0);
  }
  assert.equal(getEventListeners(longLived.signal, 'abort').length, 0);
});
