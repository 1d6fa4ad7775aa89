import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MODULE = new URL('./exit-when-written.js', import.meta.url).href;
const BYTES = 1_000_000;

/** Runs a script that writes BYTES to a pipe nobody reads for half a second, then exits as `exit` says. */
async function writeThenExit(exit: string): Promise<{ received: number; code: number | null }> {
  const dir = mkdtempSync(join(tmpdir(), 'exit-when-written-'));
  try {
    const script = join(dir, 'writer.mjs');
    writeFileSync(
      script,
      `import { exitWhenWritten } from ${JSON.stringify(MODULE)};
const line = 'x'.repeat(999) + '\\n';
for (let i = 0; i < ${BYTES / 1000}; i++) process.stdout.write(line);
${exit};`,
    );
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.pause();
    await new Promise((r) => setTimeout(r, 500));
    let received = 0;
    child.stdout.on('data', (chunk: Buffer) => (received += chunk.length));
    child.stdout.resume();
    const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
    return { received, code };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('everything written to a slow pipe arrives before the process exits with its code', async () => {
  assert.deepEqual(await writeThenExit('exitWhenWritten(3)'), { received: BYTES, code: 3 });
});
