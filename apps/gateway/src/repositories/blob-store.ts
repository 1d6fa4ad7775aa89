import type { Redis } from 'ioredis';

/** Image bytes in Redis, stored raw (never base64) with a TTL so nothing outlives its job by long. */
export class BlobStore {
  constructor(private readonly redis: Redis) {}

  async put(key: string, bytes: Uint8Array, ttlSeconds: number): Promise<void> {
    await this.redis.set(key, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'EX', ttlSeconds);
  }

  /** The bytes, or undefined once they expired or were deleted. */
  async get(key: string): Promise<Uint8Array | undefined> {
    const bytes = await this.redis.getBuffer(key);
    return bytes ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : undefined;
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(key);
  }
}
