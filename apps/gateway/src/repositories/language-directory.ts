import type { Redis } from 'ioredis';
import { type LanguageAvailability, type RedisKeys, parseWorkerLanguages } from '@ocr-pool/contracts';

/**
 * The languages running workers announced (see the worker's LanguagePublisher), and cached. A
 * language counts as installed when every live worker reads it: any worker may take any job, so
 * one admitted while some workers lack its language (a rollout adding it) would fail on those.
 * Languages only some workers read are kept apart, for the refusal's message.
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

export interface AnnouncedLanguages {
  /** Read by every live worker: what gateways admit. */
  everywhere: LanguageAvailability[];
  /** Read by some live workers but not all. */
  somewhere: LanguageAvailability[];
}

export class LanguageDirectory {
  private cache: { at: number; announced: AnnouncedLanguages } | undefined;
  private refreshing: Promise<AnnouncedLanguages> | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly maxAgeMs = 5_000,
  ) {
    if (!('ocrDeleteUnchangedFields' in redis))
      redis.defineCommand('ocrDeleteUnchangedFields', { numberOfKeys: 1, lua: DELETE_UNCHANGED });
  }

  /** The installed languages: those every live worker reads. */
  async list(): Promise<LanguageAvailability[]> {
    return (await this.announced()).everywhere;
  }

  async announced(): Promise<AnnouncedLanguages> {
    const cache = this.cache;
    if (cache && Date.now() - cache.at < this.maxAgeMs) return cache.announced;
    const refresh = this.refresh();
    if (cache) {
      refresh.catch(() => undefined);
      return cache.announced;
    }
    return refresh;
  }

  private refresh(): Promise<AnnouncedLanguages> {
    this.refreshing ??= this.read()
      .then((announced) => {
        this.cache = { at: Date.now(), announced };
        return announced;
      })
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async read(): Promise<AnnouncedLanguages> {
    const key = this.keys.languages();
    const entries = await this.redis.hgetall(key);
    const now = Date.now();
    const merged = new Map<string, LanguageAvailability>();
    const readers = new Map<string, number>();
    let workers = 0;
    const expired: string[] = [];
    for (const [workerId, raw] of Object.entries(entries)) {
      const entry = parseWorkerLanguages(raw);
      if (!entry || entry.expiresAt <= now) {
        expired.push(workerId);
        continue;
      }
      workers++;
      for (const code of new Set(entry.languages.map((l) => l.code))) readers.set(code, (readers.get(code) ?? 0) + 1);
      for (const language of entry.languages) if (!merged.has(language.code)) merged.set(language.code, language);
    }
    // A worker killed without its goodbye leaves its field behind: whoever reads it past its expiry
    // removes it, unless the worker has written a fresh entry in between.
    if (expired.length > 0)
      await (this.redis as Redis & WithDeleteUnchangedCommand)
        .ocrDeleteUnchangedFields(key, ...expired.flatMap((workerId) => [workerId, entries[workerId]!]))
        .catch(() => undefined);
    const sorted = [...merged.values()].sort((a, b) => a.code.localeCompare(b.code));
    return {
      everywhere: sorted.filter((l) => readers.get(l.code) === workers),
      somewhere: sorted.filter((l) => readers.get(l.code) !== workers),
    };
  }
}
