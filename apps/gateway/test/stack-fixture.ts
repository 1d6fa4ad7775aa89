import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { type Logger, pino } from 'pino';
import sharp from 'sharp';
import { type OcrClient, createOcrClient } from '@ocr-pool/contracts';
import { deletePrefix, ensureRedis, type RedisHandle, ServiceProcess } from '@ocr-pool/dev';
import { readGatewayConfig } from '../src/config.js';
import { startGateway, type RunningGateway } from '../src/gateway.js';

/**
 * A gateway (in this process, or as a process of its own) and optionally a worker process, on a
 * private queue prefix of a real Redis, spoken to over real HTTP. `close` stops both and removes
 * every key they wrote.
 */
export interface StackOptions {
  gatewayEnv?: Record<string, string>;
  /**
   * `process` runs the gateway as a process of its own, for tests that measure its memory: in this
   * process the test's own allocations (fixtures, clients, sharp) would be counted as the gateway's.
   */
  gatewayIn?: 'this process' | 'process';
  /** `fake`: the fake engine (queue behaviour); `real`: the bundled PP-OCR models; `none`: no worker. */
  worker?: 'fake' | 'real' | 'none';
  workerEnv?: Record<string, string>;
  /** The gateway's logger (silent by default). */
  logger?: Logger;
}

export const KEYS = { alice: 'alice-key-0123456789abcdef', bob: 'bob-key-0123456789abcdef0' } as const;

export class StackFixture {
  readonly prefix = `test-${randomUUID().slice(0, 8)}`;
  /** The worker process, when the fixture started one. */
  worker: ServiceProcess | undefined;
  private readonly clients: OcrClient[] = [];

  private constructor(
    readonly handle: RedisHandle,
    readonly redis: Redis,
    private readonly running: RunningGateway | ServiceProcess,
  ) {}

  /** The gateway running in this process (not available with `gatewayIn: 'process'`). */
  get gateway(): RunningGateway {
    if (this.running instanceof ServiceProcess) throw new Error('the gateway runs as a process of its own');
    return this.running;
  }

  /** The gateway's process, with `gatewayIn: 'process'`. */
  get gatewayProcess(): ServiceProcess | undefined {
    return this.running instanceof ServiceProcess ? this.running : undefined;
  }

  get url(): string {
    return this.running.url;
  }

  static async open(options: StackOptions = {}): Promise<StackFixture> {
    const handle = await ensureRedis(process.env.REDIS_URL);
    const prefix = `test-${randomUUID().slice(0, 8)}`;
    const env = { REDIS_URL: handle.url, QUEUE_PREFIX: prefix, HOST: '127.0.0.1', ...options.gatewayEnv };
    const gateway =
      options.gatewayIn === 'process'
        ? await ServiceProcess.start('gateway', { ...env, LOG_LEVEL: 'warn' })
        : await startGateway(
            readGatewayConfig({ ...env, PORT: '0', GRPC_PORT: '0' }),
            options.logger ?? pino({ level: 'silent' }),
          );
    const fixture = new StackFixture(handle, new Redis(handle.url), gateway);
    Object.assign(fixture, { prefix });
    const worker = options.worker ?? 'fake';
    if (worker !== 'none') await fixture.startWorker(worker, options.workerEnv);
    return fixture;
  }

  async startWorker(engine: 'fake' | 'real', env: Record<string, string> = {}): Promise<ServiceProcess> {
    this.worker = await ServiceProcess.start('worker', {
      REDIS_URL: this.handle.url,
      QUEUE_PREFIX: this.prefix,
      ...(engine === 'fake' ? { OCR_ENGINE: 'fake' } : { OCR_INFERENCE_THREADS: '2' }),
      ...env,
    });
    return this.worker;
  }

  async close(): Promise<void> {
    for (const client of this.clients) client.close();
    await this.worker?.stop('SIGTERM');
    if (this.running instanceof ServiceProcess) await this.running.stop('SIGTERM');
    else await this.running.close();
    await deletePrefix(this.handle.url, this.prefix);
    await this.redis.quit();
    await this.handle.close();
  }

  /** A gRPC client of the gateway over loopback; closed with the fixture. */
  grpc(): OcrClient {
    const client = createOcrClient(this.running.grpcAddress!);
    this.clients.push(client);
    return client;
  }

  request(path: string, init: RequestInit & { key?: string } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (init.key) headers.set('authorization', `Bearer ${init.key}`);
    return fetch(`${this.url}${path}`, { ...init, headers });
  }
}

/** A small PNG whose size makes the fake engine's text unique. */
export async function png(width = 40, height = 20): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
      .png()
      .toBuffer(),
  );
}

/** A rendered receipt the real engine reads as `Harbor Street Supplies` / `Total due 49.70` (3 boxes). */
export async function receipt(): Promise<Uint8Array> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="160"><rect width="100%" height="100%" fill="#fff"/>
    <text x="30" y="60" font-family="DejaVu Sans" font-size="28" fill="#111">Harbor Street Supplies</text>
    <text x="30" y="120" font-family="DejaVu Sans" font-size="28" fill="#111">Total due</text>
    <text x="610" y="120" font-family="DejaVu Sans" font-size="28" fill="#111" text-anchor="end">49.70</text></svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());
}

export function form(
  fields: Record<string, string>,
  files: Array<{ field: string; bytes: Uint8Array; name?: string; type?: string }>,
): FormData {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  for (const f of files)
    body.append(f.field, new Blob([f.bytes], { type: f.type ?? 'image/png' }), f.name ?? 'image.png');
  return body;
}

export async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}
