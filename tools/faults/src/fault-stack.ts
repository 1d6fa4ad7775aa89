import { randomUUID } from 'node:crypto';
import type { JobAccepted, JobView } from '@ocr-pool/contracts';
import { type OcrClient, createOcrClient } from '@ocr-pool/contracts';
import { type FakeImage, imageForm } from './fake-images.js';
import { type GrpcHealthProbe, PrivateRedis, ServiceProcess, grpcHealthProbe, sleep } from '@ocr-pool/dev';
import { JobLedger } from './job-ledger.js';
import { SubmitLoad, type SubmitLoadOptions } from './submit-load.js';

/**
 * One gateway and N worker processes (the fake engine) on a private redis-server with
 * append-only persistence, which the scenarios stop, kill and restart. Every process any scenario
 * started is kept, killed ones included, so their log lines can be searched afterwards.
 */
export interface FaultStackOptions {
  workers: number;
  workerEnv?: Record<string, string>;
  gatewayEnv?: Record<string, string>;
}

/** Short locks so a killed worker's jobs come back within seconds rather than the default 30. */
const FAST_RECOVERY_ENV = { LOCK_DURATION_MS: '2000', STALLED_INTERVAL_MS: '1000' } as const;

export class FaultStack {
  readonly prefix = `faults-${randomUUID().slice(0, 8)}`;
  readonly ledger = new JobLedger();
  readonly workers: ServiceProcess[] = [];
  readonly everyWorker: ServiceProcess[] = [];
  gateway!: ServiceProcess;
  private grpcClient: OcrClient | undefined;
  private healthProbe: GrpcHealthProbe | undefined;
  private readonly loads: SubmitLoad[] = [];

  private constructor(
    readonly redis: PrivateRedis,
    private readonly options: FaultStackOptions,
  ) {}

  static async start(options: FaultStackOptions): Promise<FaultStack> {
    const stack = new FaultStack(await PrivateRedis.start({ appendOnly: true }), options);
    try {
      for (let i = 0; i < options.workers; i++) await stack.startWorker();
      await stack.startGateway();
      return stack;
    } catch (error) {
      await stack.stop();
      throw error;
    }
  }

  private env(): Record<string, string> {
    return { REDIS_URL: this.redis.url, QUEUE_PREFIX: this.prefix, MALLOC_ARENA_MAX: '2' };
  }

  async startWorker(env: Record<string, string> = {}): Promise<ServiceProcess> {
    const worker = await ServiceProcess.start('worker', {
      ...this.env(),
      OCR_ENGINE: 'fake',
      OCR_TESSERACT: 'off',
      ...FAST_RECOVERY_ENV,
      ...this.options.workerEnv,
      ...env,
    });
    this.workers.push(worker);
    this.everyWorker.push(worker);
    return worker;
  }

  private async startGateway(): Promise<void> {
    this.gateway = await ServiceProcess.start('gateway', {
      ...this.env(),
      LOG_LEVEL: 'warn',
      ...this.options.gatewayEnv,
    });
  }

  /** The gateway's `grpc.health.v1` service, as a load balancer asks it; closed with the stack. */
  health(): GrpcHealthProbe {
    this.healthProbe ??= grpcHealthProbe(this.gateway.grpcAddress!);
    return this.healthProbe;
  }

  grpc(): OcrClient {
    this.grpcClient ??= createOcrClient(this.gateway.grpcAddress!);
    return this.grpcClient;
  }

  /** Clients submitting `images` until stopped; `stop` stops them too, should a test fail first. */
  startLoad(images: readonly FakeImage[], options: SubmitLoadOptions): SubmitLoad {
    const load = new SubmitLoad(this, images, options);
    this.loads.push(load);
    load.start();
    return load;
  }

  async killWorker(worker: ServiceProcess): Promise<void> {
    await worker.stop('SIGKILL');
    this.workers.splice(this.workers.indexOf(worker), 1);
  }

  /** `POST /v1/jobs`; throws unless it is accepted. */
  async submit(image: FakeImage): Promise<string> {
    const res = await fetch(`${this.gateway.url}/v1/jobs`, { method: 'POST', body: imageForm(image) });
    if (res.status !== 202) throw new Error(`submit answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as JobAccepted).id;
  }

  async view(id: string): Promise<JobView | undefined> {
    const res = await fetch(`${this.gateway.url}/v1/jobs/${id}`, { signal: AbortSignal.timeout(5_000) });
    if (res.ok) return (await res.json()) as JobView;
    await res.arrayBuffer();
    return undefined;
  }

  /** The job's view once it has completed or failed; fails the test if it has not within `timeoutMs`. */
  async ended(id: string, timeoutMs: number): Promise<JobView> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const view = await this.view(id);
      if (view && (view.status === 'completed' || view.status === 'failed')) return view;
      if (Date.now() > deadline) throw new Error(`job ${id} had not ended after ${timeoutMs} ms: ${view?.status}`);
      await sleep(100);
    }
  }

  /** Jobs that some worker logged as completed more than once: a job must complete once. */
  completedTwice(): string[] {
    const seen = new Map<string, number>();
    for (const id of this.everyWorker.flatMap((w) => jobIdsLogged(w, '"job completed"')))
      seen.set(id, (seen.get(id) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  }

  /** Lines of every worker that mention `text`, for assertions on what the workers did. */
  workerLines(text: string): string[] {
    return this.everyWorker.flatMap((w) => w.logs.filter((line) => line.includes(text)));
  }

  async stop(): Promise<void> {
    await Promise.all(this.loads.map((load) => load.stop()));
    this.grpcClient?.close();
    this.healthProbe?.close();
    await Promise.all([...this.workers.map((w) => w.stop('SIGKILL')), this.gateway?.stop('SIGKILL')]);
    await this.redis.destroy();
  }
}

/** Ids of the jobs a worker logged `event` for (`"job started"`, `"job completed"`), in log order. */
export function jobIdsLogged(worker: ServiceProcess, event: string): string[] {
  return worker.logs
    .filter((line) => line.includes(event))
    .map((line) => (JSON.parse(line) as { jobId: string }).jobId);
}
