import { Server, ServerCredentials, type ServiceDefinition } from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation, protoPath as HEALTH_PROTO_PATH } from 'grpc-health-check';
import { dirname } from 'node:path';
import { OCR_SERVICE_NAME, loadOcrPackageDefinition } from '@ocr-pool/contracts';
import type { GrpcConfig } from '../config.js';
import { type OcrGrpcServiceDeps, ocrGrpcService } from './ocr-grpc-service.js';
import type { RedisHealth } from './redis-health.js';

/**
 * The gateway's gRPC server: `ocr.v1.OcrService`, the standard `grpc.health.v1.Health` (SERVING
 * while Redis answers, for the whole server and for the service) and server reflection, so
 * grpcurl-style tools and load balancers work without the proto file.
 */
export interface RunningGrpcServer {
  /** host:port it listens on. */
  address: string;
  port: number;
  /** Stops taking calls, waits for calls in flight up to `timeoutMs`, then cuts them off. */
  close(timeoutMs: number): Promise<void>;
}

export async function startGrpcServer(
  config: GrpcConfig,
  deps: OcrGrpcServiceDeps,
  redisHealth: RedisHealth,
): Promise<RunningGrpcServer> {
  const definition = loadOcrPackageDefinition([HEALTH_PROTO_PATH], [dirname(HEALTH_PROTO_PATH)]);
  const server = new Server({
    'grpc.max_receive_message_length': config.maxMessageBytes,
    // A batch's results can be larger than its request; results are bounded by the images anyway.
    'grpc.max_send_message_length': -1,
    'grpc.keepalive_time_ms': config.keepaliveTimeMs,
    'grpc.keepalive_timeout_ms': config.keepaliveTimeoutMs,
    // Clients may ping idle connections (their keepalive), but not more often than every 10 s.
    'grpc.keepalive_permit_without_calls': 1,
    'grpc.http2.min_ping_interval_without_data_ms': 10_000,
    ...(config.maxConnectionAgeMs > 0
      ? { 'grpc.max_connection_age_ms': config.maxConnectionAgeMs, 'grpc.max_connection_age_grace_ms': 30_000 }
      : {}),
  });
  server.addService(definition[OCR_SERVICE_NAME] as ServiceDefinition, ocrGrpcService(deps));

  const health = new HealthImplementation({ '': 'NOT_SERVING', [OCR_SERVICE_NAME]: 'NOT_SERVING' });
  health.addToServer(server);
  redisHealth.onChange((healthy) => {
    const status = healthy ? 'SERVING' : 'NOT_SERVING';
    health.setStatus('', status);
    health.setStatus(OCR_SERVICE_NAME, status);
  });
  new ReflectionService(definition).addToServer(server);

  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${config.host}:${config.port}`, ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    address: `${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`,
    port,
    async close(timeoutMs) {
      health.setStatus('', 'NOT_SERVING');
      health.setStatus(OCR_SERVICE_NAME, 'NOT_SERVING');
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, timeoutMs);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
    },
  };
}
