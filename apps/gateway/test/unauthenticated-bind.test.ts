import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { deletePrefix, ensureRedis } from '@ocr-pool/dev';
import { loggerOptions } from '@ocr-pool/contracts';
import { readGatewayConfig } from '../src/config.js';
import { startGateway } from '../src/gateway.js';

/**
 * Without API keys anyone who reaches the gateway can submit images and read every job, so it
 * listens on loopback only, even where HOST=0.0.0.0 is set (the container image sets it for
 * deployments with keys), unless ALLOW_UNAUTHENTICATED=true says a trusted network is in front.
 */
const bind = (env: Record<string, string>) => {
  const config = readGatewayConfig(env);
  return { http: config.host, grpc: config.grpc.host, ignored: config.ignoredHosts };
};

test('with no API keys, HOST and GRPC_HOST beyond loopback are ignored, and say so', () => {
  assert.deepEqual(bind({}), { http: '127.0.0.1', grpc: '127.0.0.1', ignored: [] });
  assert.deepEqual(bind({ HOST: '0.0.0.0' }), { http: '127.0.0.1', grpc: '127.0.0.1', ignored: ['HOST=0.0.0.0'] });
  assert.deepEqual(bind({ HOST: '10.0.0.5', GRPC_HOST: '::' }), {
    http: '127.0.0.1',
    grpc: '127.0.0.1',
    ignored: ['HOST=10.0.0.5', 'GRPC_HOST=::'],
  });
  assert.deepEqual(bind({ HOST: 'localhost', GRPC_HOST: '::1' }), { http: 'localhost', grpc: '::1', ignored: [] });
});

test('API keys, or ALLOW_UNAUTHENTICATED=true, let the gateway listen where HOST says', () => {
  assert.deepEqual(bind({ API_KEYS: 'alice:alice-key-0123456789abcdef' }), {
    http: '0.0.0.0',
    grpc: '0.0.0.0',
    ignored: [],
  });
  assert.deepEqual(bind({ HOST: '0.0.0.0', ALLOW_UNAUTHENTICATED: 'true' }), {
    http: '0.0.0.0',
    grpc: '0.0.0.0',
    ignored: [],
  });
});

test('a gateway started with HOST=0.0.0.0 and no keys listens on 127.0.0.1 and logs why', async () => {
  const redis = await ensureRedis(process.env.REDIS_URL);
  const prefix = `bind-test-${randomUUID().slice(0, 8)}`;
  const lines: Array<{ level: number; msg: string }> = [];
  const logger = pino(loggerOptions('ocr-gateway', 'info', false), {
    write: (line: string) => lines.push(JSON.parse(line) as { level: number; msg: string }),
  });
  const config = readGatewayConfig({
    REDIS_URL: redis.url,
    QUEUE_PREFIX: prefix,
    HOST: '0.0.0.0',
    PORT: '0',
    GRPC_PORT: '0',
  });
  const gateway = await startGateway(config, logger);
  try {
    assert.equal((gateway.server.address() as AddressInfo).address, '127.0.0.1');
    assert.match(gateway.grpcAddress ?? '', /^127\.0\.0\.1:\d+$/);
    const warning = lines.find((l) => l.level === 40 && l.msg.startsWith('API_KEYS is not set'));
    assert.ok(warning, 'a warning says authentication is off');
    assert.match(warning.msg, /listens on loopback only \(HOST=0\.0\.0\.0 ignored\)/);
    assert.match(warning.msg, /ALLOW_UNAUTHENTICATED=true/);
  } finally {
    await gateway.close();
    await deletePrefix(redis.url, prefix);
    await redis.close();
  }
});
