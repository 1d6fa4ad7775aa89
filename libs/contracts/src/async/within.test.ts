import { test } from 'node:test';
import assert from 'node:assert/strict';
import { within } from './within.js';

test('within gives the value when it comes in time, and the fallback when it does not', async () => {
  assert.equal(await within(Promise.resolve('pong'), 1000, 'late'), 'pong');
  assert.equal(await within(new Promise<string>(() => undefined), 10, 'late'), 'late');
  await assert.rejects(within(Promise.reject(new Error('refused')), 1000, 'late'), /refused/);
});
