import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OCR_SERVICE_NAME, loadOcrPackageDefinition } from './ocr-proto.js';

const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CHECKED_IN = join(PACKAGE_ROOT, 'src/grpc/generated');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

test('the checked-in gRPC types are exactly what the proto generates (run `npm run generate -w libs/contracts`)', () => {
  const script = (
    JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { scripts: { generate: string } }
  ).scripts.generate;
  const out = mkdtempSync(join(tmpdir(), 'ocr-proto-'));
  try {
    const [command, ...args] = script.replace('-O src/grpc/generated', `-O ${out}`).split(' ');
    const run = spawnSync(join(PACKAGE_ROOT, '../../node_modules/.bin', command!), args, {
      cwd: PACKAGE_ROOT,
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    const fresh = filesUnder(out)
      .map((f) => relative(out, f))
      .sort();
    assert.deepEqual(
      filesUnder(CHECKED_IN)
        .map((f) => relative(CHECKED_IN, f))
        .sort(),
      fresh,
    );
    for (const file of fresh) {
      assert.equal(readFileSync(join(CHECKED_IN, file), 'utf8'), readFileSync(join(out, file), 'utf8'), file);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('the proto loads with every RPC of the service', () => {
  const service = loadOcrPackageDefinition()[OCR_SERVICE_NAME] as Record<string, unknown>;
  assert.deepEqual(Object.keys(service).sort(), [
    'CancelJob',
    'ExtractText',
    'ExtractTextBatch',
    'GetJob',
    'ListLanguages',
    'SubmitJob',
    'WatchJob',
  ]);
});
