import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EngineWatch } from './engine-watch.js';

test('the process stays alive while the engine reads, and through a short outage; not past the limit', () => {
  let healthy = true,
    now = 0;
  const watch = new EngineWatch(
    () => healthy,
    300_000,
    () => now,
  );
  assert.equal(watch.alive(), true);
  healthy = false;
  now = 1_000;
  assert.equal(watch.alive(), true);
  now = 301_000;
  assert.equal(watch.alive(), true);
  now = 301_001;
  assert.equal(watch.alive(), false);
  // Back before a restart: the count starts over.
  healthy = true;
  assert.equal(watch.alive(), true);
  healthy = false;
  now = 400_000;
  assert.equal(watch.alive(), true);
});
