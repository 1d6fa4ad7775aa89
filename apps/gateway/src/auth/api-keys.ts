import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * API keys and the tenants they stand for. `API_KEYS` is a comma-separated list of entries:
 *   `name:secret`            a named key
 *   `name:sha256:<64 hex>`   the same, stored as the SHA-256 of the key (keeps secrets out of config)
 *   `secret`                 an unnamed key; its tenant is `key-` + 8 hex of its hash
 * Keys are compared by hash in constant time; the tenant name, never the key, appears in logs
 * and job data.
 */
export interface ApiKeyEntry {
  tenant: string;
  sha256: Buffer;
}

const sha256 = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

export function parseApiKeys(raw: string): ApiKeyEntry[] {
  const entries = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry): ApiKeyEntry => {
      const hashed = /^([^:]+):sha256:([0-9a-fA-F]{64})$/.exec(entry);
      if (hashed) return { tenant: hashed[1]!, sha256: Buffer.from(hashed[2]!, 'hex') };
      const named = /^([^:]+):(.+)$/.exec(entry);
      if (named) {
        if (named[2]!.length < 16) throw new Error(`the key for tenant "${named[1]}" is shorter than 16 characters`);
        return { tenant: named[1]!, sha256: sha256(named[2]!) };
      }
      if (entry.length < 16) throw new Error('a key is shorter than 16 characters');
      const digest = sha256(entry);
      return { tenant: `key-${digest.toString('hex').slice(0, 8)}`, sha256: digest };
    });
  const tenants = entries.map((e) => e.tenant);
  const duplicate = tenants.find((t, i) => tenants.indexOf(t) !== i);
  if (duplicate) throw new Error(`tenant "${duplicate}" appears twice`);
  return entries;
}

export class ApiKeyAuthenticator {
  constructor(private readonly keys: readonly ApiKeyEntry[]) {}

  get enabled(): boolean {
    return this.keys.length > 0;
  }

  /** The tenant for a presented key, or undefined. Every entry is compared, so timing does not tell which matched. */
  tenantFor(presented: string | undefined): string | undefined {
    if (!this.enabled) return ANONYMOUS_TENANT;
    if (!presented) return undefined;
    const digest = sha256(presented);
    let tenant: string | undefined;
    for (const key of this.keys) if (timingSafeEqual(digest, key.sha256) && tenant === undefined) tenant = key.tenant;
    return tenant;
  }
}

/** The tenant of every request when no API keys are configured. */
export const ANONYMOUS_TENANT = 'anonymous';

/** The key a request presents: `Authorization: Bearer KEY` or `X-API-Key: KEY`. */
export function presentedKey(headers: {
  authorization?: string | undefined;
  'x-api-key'?: string | string[] | undefined;
}): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '');
  if (bearer) return bearer[1]!.trim();
  const header = headers['x-api-key'];
  return Array.isArray(header) ? header[0] : header;
}
