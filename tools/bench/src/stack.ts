import { randomUUID } from 'node:crypto';
import { ServiceProcess, deletePrefix, ensureRedis, type RedisHandle } from '@ocr-pool/dev';

/**
 * A gateway and workers as real processes on a private queue prefix, for benchmarks. `stop` removes
 * every key of the prefix: finished jobs are kept for a day by default, and a developer's Redis
 * would otherwise collect thousands per run.
 */
export class BenchStack {
  readonly prefix = `bench-${randomUUID().slice(0, 8)}`;
  readonly workers: ServiceProcess[] = [];
  gateway!: ServiceProcess;

  private constructor(readonly redis: RedisHandle) {}

  static async start(
    workers: number,
    workerEnv: Record<string, string> = {},
    gatewayEnv: Record<string, string> = {},
  ): Promise<BenchStack> {
    const stack = new BenchStack(await ensureRedis(process.env.REDIS_URL));
    for (let i = 0; i < workers; i++) await stack.addWorker(workerEnv);
    stack.gateway = await ServiceProcess.start('gateway', {
      ...stack.env(),
      LOG_LEVEL: 'warn',
      MAX_QUEUE_DEPTH: '1000000',
      ...gatewayEnv,
    });
    return stack;
  }

  env(): Record<string, string> {
    return {
      REDIS_URL: this.redis.url,
      QUEUE_PREFIX: this.prefix,
      MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
    };
  }

  async addWorker(env: Record<string, string> = {}): Promise<ServiceProcess> {
    const worker = await ServiceProcess.start('worker', { ...this.env(), ...env }, 120_000);
    this.workers.push(worker);
    return worker;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.workers.map((w) => w.stop('SIGTERM')), this.gateway?.stop('SIGTERM')]);
    try {
      await deletePrefix(this.redis.url, this.prefix);
    } finally {
      await this.redis.close();
    }
  }
}
