import type { JobView } from '@ocr-pool/contracts';

/**
 * Every job a client was told was accepted, with the text it must come back with. `settle` polls
 * the public API until each has ended and sorts them: completed right, completed with the wrong
 * text, failed, or lost (never ended within the time given).
 */
export interface LedgerReport {
  accepted: number;
  completed: number;
  wrongResult: string[];
  failed: JobView[];
  lost: string[];
}

export class JobLedger {
  private readonly expected = new Map<string, string>();

  accept(id: string, expectedText: string): void {
    this.expected.set(id, expectedText);
  }

  get ids(): string[] {
    return [...this.expected.keys()];
  }

  async settle(view: (id: string) => Promise<JobView | undefined>, timeoutMs: number): Promise<LedgerReport> {
    const ended = new Map<string, JobView>();
    const deadline = Date.now() + timeoutMs;
    let open = this.ids;
    while (open.length > 0 && Date.now() < deadline) {
      const views = await inBatches(open, 16, async (id) => [id, await view(id).catch(() => undefined)] as const);
      for (const [id, v] of views) if (v && (v.status === 'completed' || v.status === 'failed')) ended.set(id, v);
      open = open.filter((id) => !ended.has(id));
      if (open.length > 0) await new Promise((r) => setTimeout(r, 250));
    }
    const views = [...ended.values()];
    const completed = views.filter((v) => v.status === 'completed');
    const failed = views.filter((v) => v.status === 'failed');
    return {
      accepted: this.expected.size,
      completed: completed.length,
      wrongResult: completed.filter((v) => v.result?.text !== this.expected.get(v.id)).map((v) => v.id),
      failed,
      lost: open,
    };
  }
}

async function inBatches<T, R>(items: T[], size: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(run))));
  return out;
}
