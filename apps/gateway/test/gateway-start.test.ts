import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { pino } from 'pino';
import { deletePrefix, ensureRedis, freePort } from '@ocr-pool/dev';
import { readGatewayConfig } from '../src/config.js';
import { startGateway } from '../src/gateway.js';

const listen = (port: number): Promise<Server> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
const close = (server: Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

test('a gRPC port already taken fails the start and releases the HTTP port it had opened', async () => {
  const redis = await ensureRedis(process.env.REDIS_URL);
  const prefix = `start-test-${randomUUID().slice(0, 8)}`;
  const [httpPort, grpcPort] = [await freePort(), await freePort()];
  const squatter = await listen(grpcPort);
  try {
    const config = readGatewayConfig({
      REDIS_URL: redis.url,
      QUEUE_PREFIX: prefix,
      HOST: '127.0.0.1',
      PORT: String(httpPort),
      GRPC_PORT: String(grpcPort),
    });
    await assert.rejects(startGateway(config, pino({ level: 'silent' })), /No address added|EADDRINUSE|bind/i);
    await close(await listen(httpPort));
  } finally {
    await close(squatter);
    await deletePrefix(redis.url, prefix);
    await redis.close();
  }
});
