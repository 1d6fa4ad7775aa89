import type { Env } from '@ocr-pool/contracts';
import { readGatewayConfig } from '@ocr-pool/gateway';
import { readWorkerConfig } from '@ocr-pool/worker';

/**
 * Which environment variables each app reads, learned by running its real config parser on an
 * environment that records every name asked for. A manifest that sets a name not in this set sets
 * nothing (a typo, or a variable an app no longer reads).
 */
export type AppName = 'gateway' | 'worker';

const PARSERS: Record<AppName, (env: Env) => unknown> = {
  gateway: readGatewayConfig,
  worker: readWorkerConfig,
};

export function envNamesRead(app: AppName): Set<string> {
  const names = new Set<string>();
  const recorder = new Proxy<Env>(
    {},
    {
      get(_target, name) {
        if (typeof name === 'string') names.add(name);
        return undefined;
      },
    },
  );
  PARSERS[app](recorder);
  return names;
}

/** Parses an environment with the app's own config parser; throws its ConfigError on bad values. */
export function parseAppEnv(app: AppName, env: Record<string, string>): unknown {
  return PARSERS[app](env);
}
