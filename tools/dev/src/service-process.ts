import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';

/**
 * Runs a built gateway or worker as a real child process for tests: its own env, its log lines
 * kept for assertions, readiness from its health port, and signals (SIGTERM to drain, SIGKILL to
 * simulate a crash).
 */
const ROOT = resolve(fileURLToPath(import.meta.url), '../../../../..');
const MAINS = {
  gateway: resolve(ROOT, 'apps/gateway/dist/src/main.js'),
  worker: resolve(ROOT, 'apps/worker/dist/src/main.js'),
} as const;

export class ServiceProcess {
  readonly logs: string[] = [];
  private readonly exit: Promise<number | null>;

  private constructor(
    readonly kind: keyof typeof MAINS,
    readonly child: ChildProcess,
    /** Base URL of its HTTP port (API for the gateway, health for the worker). */
    readonly url: string,
    /** host:port of the gateway's gRPC server. */
    readonly grpcAddress: string | undefined,
  ) {
    for (const stream of [child.stdout, child.stderr])
      stream?.on('data', (chunk: Buffer) => this.logs.push(...chunk.toString().split('\n').filter(Boolean)));
    this.exit = new Promise((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  }

  static async start(
    kind: keyof typeof MAINS,
    env: Record<string, string>,
    readyTimeoutMs = 60_000,
  ): Promise<ServiceProcess> {
    const port = await freePort();
    // Every port on a free one, so services of parallel tests never collide (nor with a real one).
    const grpcPort = kind === 'gateway' ? await freePort() : undefined;
    const portVar =
      kind === 'gateway'
        ? { PORT: String(port), GRPC_PORT: String(grpcPort) }
        : { WORKER_HEALTH_PORT: String(port), WORKER_HEALTH_HOST: '127.0.0.1' };
    const child = spawn(process.execPath, [MAINS[kind]], {
      env: { ...process.env, LOG_LEVEL: 'info', ...env, ...portVar },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const service = new ServiceProcess(
      kind,
      child,
      `http://127.0.0.1:${port}`,
      grpcPort === undefined ? undefined : `127.0.0.1:${grpcPort}`,
    );
    const deadline = Date.now() + readyTimeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null)
        throw new Error(`${kind} exited with ${child.exitCode}:\n${service.logs.join('\n')}`);
      try {
        if ((await fetch(`${service.url}/readyz`)).ok) return service;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGKILL');
    throw new Error(`${kind} was not ready within ${readyTimeoutMs} ms:\n${service.logs.join('\n')}`);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Sends a signal and waits for the process to exit; returns its exit code. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exit;
  }

  exited(): Promise<number | null> {
    return this.exit;
  }
}
