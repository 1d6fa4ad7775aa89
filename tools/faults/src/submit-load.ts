import { Metadata, type ServiceError, status as GrpcStatus } from '@grpc/grpc-js';
import type { JobAccepted } from '@ocr-pool/contracts';
import { type FakeImage, imageForm } from './fake-images.js';
import type { FaultStack } from './fault-stack.js';

/**
 * Clients that keep submitting while a scenario breaks something: HTTP `POST /v1/jobs` and gRPC
 * `SubmitJob` loops, each request with its own deadline. Every answer is recorded; an accepted
 * job goes into the stack's ledger with the text it must come back with. A request still
 * unanswered at its deadline counts as hung: the gateway owes every client an answer in time.
 */
export interface SubmitRecord {
  api: 'http' | 'grpc';
  /** HTTP status, a gRPC status name, or `refused` when no connection could be made. */
  outcome: string;
  ms: number;
  hung: boolean;
  at: number;
}

export interface SubmitLoadOptions {
  httpClients: number;
  grpcClients: number;
  requestTimeoutMs: number;
  /** Pause between one client's requests. */
  pauseMs: number;
}

export class SubmitLoad {
  readonly records: SubmitRecord[] = [];
  private running = false;
  private loops: Array<Promise<void>> = [];
  private next = 0;

  constructor(
    private readonly stack: FaultStack,
    private readonly images: readonly FakeImage[],
    private readonly options: SubmitLoadOptions,
  ) {}

  start(): void {
    this.running = true;
    this.loops = [
      ...Array.from({ length: this.options.httpClients }, () => this.loop(() => this.submitHttp())),
      ...Array.from({ length: this.options.grpcClients }, () => this.loop(() => this.submitGrpc())),
    ];
  }

  async stop(): Promise<SubmitRecord[]> {
    this.running = false;
    await Promise.all(this.loops);
    return this.records;
  }

  accepted(since = 0): number {
    return this.records.filter((r) => r.at >= since && (r.outcome === '202' || r.outcome === 'OK')).length;
  }

  private async loop(submit: () => Promise<void>): Promise<void> {
    while (this.running) {
      await submit();
      await new Promise((r) => setTimeout(r, this.options.pauseMs));
    }
  }

  private image(): FakeImage {
    return this.images[this.next++ % this.images.length]!;
  }

  private async submitHttp(): Promise<void> {
    const image = this.image();
    const at = Date.now();
    try {
      const res = await fetch(`${this.stack.gateway.url}/v1/jobs`, {
        method: 'POST',
        body: imageForm(image),
        signal: AbortSignal.timeout(this.options.requestTimeoutMs),
      });
      if (res.status === 202) this.stack.ledger.accept(((await res.json()) as JobAccepted).id, image.expectedText);
      else await res.arrayBuffer();
      this.record('http', String(res.status), at, false);
    } catch (error) {
      const hung = error instanceof Error && error.name === 'TimeoutError';
      this.record('http', hung ? 'timeout' : 'refused', at, hung);
    }
  }

  private async submitGrpc(): Promise<void> {
    const image = this.image();
    const at = Date.now();
    try {
      const job = await this.stack
        .grpc()
        .submitJob(
          { image: { data: Buffer.from(image.bytes), filename: image.filename }, options: { language: 'en' } },
          new Metadata(),
          { deadline: Date.now() + this.options.requestTimeoutMs },
        );
      this.stack.ledger.accept(job.id, image.expectedText);
      this.record('grpc', 'OK', at, false);
    } catch (error) {
      const code = (error as ServiceError).code;
      this.record('grpc', GrpcStatus[code] ?? String(code), at, code === GrpcStatus.DEADLINE_EXCEEDED);
    }
  }

  private record(api: SubmitRecord['api'], outcome: string, at: number, hung: boolean): void {
    this.records.push({ api, outcome, ms: Date.now() - at, hung, at });
  }
}

/** How many answers of each kind, e.g. `{ "http 202": 40, "http 503": 12, "grpc OK": 9 }`. */
export function tally(records: readonly SubmitRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of records) counts[`${r.api} ${r.outcome}`] = (counts[`${r.api} ${r.outcome}`] ?? 0) + 1;
  return counts;
}
