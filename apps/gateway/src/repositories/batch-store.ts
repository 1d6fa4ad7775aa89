import type { Redis } from 'ioredis';
import type { RedisKeys } from '@ocr-pool/contracts';

/** Which jobs make up a batch, and whose batch it is. Expires with the batch's results. */
export interface BatchRecord {
  id: string;
  tenant: string;
  jobIds: string[];
  createdAt: number;
}

export class BatchStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async save(batch: BatchRecord, ttlSeconds: number): Promise<void> {
    await this.redis.set(this.keys.batch(batch.id), JSON.stringify(batch), 'EX', ttlSeconds);
  }

  async load(id: string): Promise<BatchRecord | undefined> {
    const raw = await this.redis.get(this.keys.batch(id));
    if (!raw) return undefined;
    const value = JSON.parse(raw) as Partial<BatchRecord>;
    if (typeof value.tenant !== 'string' || !Array.isArray(value.jobIds)) return undefined;
    return { id, tenant: value.tenant, jobIds: value.jobIds.map(String), createdAt: Number(value.createdAt) };
  }
}
