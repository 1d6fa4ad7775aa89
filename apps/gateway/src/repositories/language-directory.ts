import type { Redis } from 'ioredis';
import { type LanguageAvailability, type RedisKeys, parseWorkerLanguages } from '@ocr-pool/contracts';

/**
 * The languages running workers announced (see the worker's LanguagePublisher), merged and cached.
 * One `HGETALL` reads every worker's entry whatever else Redis holds. Requests never wait for a
 * refresh once a list is known: an old list is served while one refresh (never more) runs, since
 * every submission asks and a slow Redis must not stall them all at once.
 */
// KEYS[1] the hash; ARGV field, value, field, value...: deletes each field still holding the value read.
const DELETE_UNCHANGED = `
local removed = 0
for i = 1, #ARGV, 2 do
  if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[i + 1] then removed = removed + redis.call('HDEL', KEYS[1], ARGV[i]) end
end
return removed`;

interface WithDeleteUnchangedCommand {
  ocrDeleteUnchangedFields(key: string, ...fieldsAndValues: string[]): Promise<number>;
}

export class LanguageDirectory {
  private cache: { at: number; languages: LanguageAvailability[] } | undefined;
  private refreshing: Promise<LanguageAvailability[]> | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly maxAgeMs = 5_000,
  ) {
    if (!('ocrDeleteUnchangedFields' in redis))
      redis.defineCommand('ocrDeleteUnchangedFields', { numberOfKeys: 1, lua: DELETE_UNCHANGED });
  }

  async list(): Promise<LanguageAvailability[]> {
    const cache = this.cache;
    if (cache && Date.now() - cache.at < this.maxAgeMs) return cache.languages;
    const refresh = this.refresh();
    if (cache) {
      refresh.catch(() => undefined);
      return cache.languages;
    }
    return refresh;
  }

  private refresh(): Promise<LanguageAvailability[]> {
    this.refreshing ??= this.read()
      .then((languages) => {
        this.cache = { at: Date.now(), languages };
        return languages;
      })
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async read(): Promise<LanguageAvailability[]> {
    const key = this.keys.languages();
    const entries = await this.redis.hgetall(key);
    const now = Date.now();
    const merged = new Map<string, LanguageAvailability>();
    const expired: string[] = [];
    for (const [workerId, raw] of Object.entries(entries)) {
      const entry = parseWorkerLanguages(raw);
      if (!entry || entry.expiresAt <= now) {
        expired.push(workerId);
        continue;
      }
      for (const language of entry.languages) if (!merged.has(language.code)) merged.set(language.code, language);
    }
    // A worker killed without its goodbye leaves its field behind: whoever reads it past its expiry
    // removes it, unless the worker has written a fresh entry in between.
    if (expired.length > 0)
      await (this.redis as Redis & WithDeleteUnchangedCommand)
        .ocrDeleteUnchangedFields(key, ...expired.flatMap((workerId) => [workerId, entries[workerId]!]))
        .catch(() => undefined);
    return [...merged.values()].sort((a, b) => a.code.localeCompare(b.code));
  }
}
