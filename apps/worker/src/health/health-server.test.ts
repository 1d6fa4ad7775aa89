import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { startHealthServer } from './health-server.js';

test('/livez fails with the check that failed; /healthz still says the process answers', async () => {
  let engine = true;
  const server = await startHealthServer(0, '127.0.0.1', {
    registry: new Registry(),
    ready: () => Promise.resolve({ redis: true }),
    live: () => ({ engine }),
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    assert.equal((await fetch(`${url}/livez`)).status, 200);
    engine = false;
    const failing = await fetch(`${url}/livez`);
    assert.equal(failing.status, 503);
    assert.deepEqual(((await failing.json()) as { checks: object }).checks, { process: 'ok', engine: 'fail' });
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
  } finally {
    server.close();
  }
});
