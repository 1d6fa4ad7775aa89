import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { CHROMIUM_PATH } from '@ocr-pool/dev';

/**
 * Debian's headless Chromium driven by playwright-core (never a downloaded browser), on a fresh
 * profile, with every request off loopback refused so nothing leaves the machine.
 */
export async function launchChromium(httpCredentials?: { username: string; password: string }): Promise<{
  context: BrowserContext;
  close: () => Promise<void>;
}> {
  assert.ok(
    existsSync(CHROMIUM_PATH),
    `${CHROMIUM_PATH} is missing: install Debian's chromium (apt-get install chromium)`,
  );
  const profile = mkdtempSync(join(tmpdir(), 'ocr-pool-chromium-'));
  // A persistent context is how playwright takes a --user-data-dir: a fresh one per run.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    ...(httpCredentials ? { httpCredentials } : {}),
  });
  // Pages may link web fonts; nothing may leave the machine, so only loopback is served.
  await context.route('**/*', (route) =>
    new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort(),
  );
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
