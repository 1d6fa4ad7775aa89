import { type ChannelCredentials, credentials, loadPackageDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoPath as HEALTH_PROTO_PATH } from 'grpc-health-check';

/**
 * The standard `grpc.health.v1.Health/Check` as a load balancer or kubelet asks it, for tests
 * that watch a gateway go not-ready and come back: resolves to `SERVING`, `NOT_SERVING`, ...
 */
export interface GrpcHealthProbe {
  check(service?: string, deadlineMs?: number): Promise<string>;
  close(): void;
}

interface HealthStub {
  check(
    request: { service: string },
    options: { deadline: number },
    callback: (error: Error | null, reply?: { status: string }) => void,
  ): unknown;
  close(): void;
}

export function grpcHealthProbe(address: string): GrpcHealthProbe {
  const definition = loadSync(HEALTH_PROTO_PATH, { keepCase: true, enums: String });
  const pkg = loadPackageDefinition(definition) as unknown as {
    grpc: { health: { v1: { Health: new (address: string, creds: ChannelCredentials) => HealthStub } } };
  };
  const stub = new pkg.grpc.health.v1.Health(address, credentials.createInsecure());
  return {
    check: (service = '', deadlineMs = 5_000) =>
      new Promise((resolve, reject) =>
        stub.check({ service }, { deadline: Date.now() + deadlineMs }, (error, reply) =>
          error ? reject(error) : resolve(reply!.status),
        ),
      ),
    close: () => stub.close(),
  };
}
