import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, EnvReader } from './env-reader.js';

test('typed values are read, blanks fall back to defaults', () => {
  const env = new EnvReader({ A: '7', B: ' true ', C: '', D: 'cuda', E: 'x, y,,z' });
  assert.equal(env.int('A', 1), 7);
  assert.equal(env.bool('B', false), true);
  assert.equal(env.string('C', 'dflt'), 'dflt');
  assert.equal(env.oneOf('D', ['cpu', 'cuda'], 'cpu'), 'cuda');
  assert.deepEqual(env.list('E'), ['x', 'y', 'z']);
  env.done();
});

test('every bad variable is named in one error', () => {
  const env = new EnvReader({ PORT: 'eighty', THREADS: '0', DEVICE: 'tpu', FLAG: 'maybe' });
  env.int('PORT', 80);
  env.int('THREADS', 1, 1, 64);
  env.oneOf('DEVICE', ['cpu', 'cuda'], 'cpu');
  env.bool('FLAG', true);
  assert.throws(
    () => env.done(),
    (error: unknown) =>
      error instanceof ConfigError &&
      error.problems.length === 4 &&
      /PORT=eighty/.test(error.message) &&
      /DEVICE=tpu: expected one of cpu, cuda/.test(error.message),
  );
});
