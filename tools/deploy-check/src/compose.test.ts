import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { promtool } from '@ocr-pool/dev';
import { readGatewayConfig } from '@ocr-pool/gateway';
import { readWorkerConfig } from '@ocr-pool/worker';
import { envNamesRead } from './app-env.js';
import { ROOT, argValue, composeBytes, envFileNames, readRepoFile, readYaml, redisBytes } from './deploy-files.js';

/**
 * docker-compose.yml passes the compose linter (dclint, which also validates against the compose
 * specification's schema) and agrees with .env.example: every variable it substitutes is
 * documented there, and every variable documented there is one compose or an app reads.
 */
const DCLINT = join(dirname(createRequire(import.meta.url).resolve('dclint/package.json')), 'bin/dclint.cjs');

function dclint(file: string): { status: number | null; output: string } {
  // no-build-and-image: compose both builds the images and names them, so Kubernetes uses the same tags.
  const run = spawnSync(
    process.execPath,
    [DCLINT, file, '--max-warnings', '0', '--disable-rule', 'no-build-and-image'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('docker-compose.yml', () => {
  test('passes dclint with no errors or warnings', () => {
    const result = dclint('docker-compose.yml');
    assert.equal(result.status, 0, result.output);
  });

  test('dclint fails a compose file that breaks the schema (the check itself can fail)', () => {
    const result = dclint('tools/deploy-check/fixtures/broken-compose.yml');
    assert.notEqual(result.status, 0);
  });

  test('redis never evicts and persists to a volume; the gpu worker reserves an NVIDIA device', () => {
    const compose = readYaml<{
      services: Record<string, { command?: string[]; volumes?: string[]; profiles?: string[]; deploy?: unknown }>;
    }>('docker-compose.yml');
    const redis = compose.services.redis!;
    assert.ok(redis.command?.join(' ').includes('--maxmemory-policy noeviction --appendonly yes'));
    assert.ok(redis.volumes?.some((v) => v.endsWith(':/data')));
    const gpu = compose.services['worker-gpu']!;
    assert.deepEqual(gpu.profiles, ['gpu']);
    assert.match(JSON.stringify(gpu.deploy), /"driver":"nvidia".*"capabilities":\["gpu"\]/);
    for (const service of ['prometheus', 'grafana'])
      assert.deepEqual(compose.services[service]?.profiles, ['monitoring']);
  });

  test('redis refuses writes at --maxmemory, set at 60-80% of its memory limit, before it is OOM-killed', () => {
    const redis = readYaml<{
      services: { redis: { command: string[]; deploy?: { resources?: { limits?: { memory?: string } } } } };
    }>('docker-compose.yml').services.redis;
    const maxmemory = argValue(redis.command, '--maxmemory');
    assert.ok(maxmemory, 'no --maxmemory: noeviction never acts and Redis grows until it is killed');
    const limit = redis.deploy?.resources?.limits?.memory;
    assert.ok(limit, 'redis has no memory limit to size --maxmemory against');
    const share = redisBytes(maxmemory) / composeBytes(limit);
    assert.ok(share >= 0.6 && share <= 0.8, `--maxmemory is ${(share * 100).toFixed(0)}% of the limit`);
  });

  test('every app service is given longer to stop than its default SHUTDOWN_TIMEOUT_MS', () => {
    const services = readYaml<{ services: Record<string, { stop_grace_period?: string }> }>(
      'docker-compose.yml',
    ).services;
    const seconds = (period: string | undefined): number => {
      const match = /^(?:(\d+)m)?(?:(\d+)s)?$/.exec(period ?? '10s');
      assert.ok(match, `unreadable stop_grace_period ${period}`);
      return Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
    };
    const drains: Record<string, number> = {
      gateway: readGatewayConfig({}).shutdownTimeoutMs,
      worker: readWorkerConfig({}).shutdownTimeoutMs,
      'worker-gpu': readWorkerConfig({ OCR_DEVICE: 'cuda' }).shutdownTimeoutMs,
    };
    for (const [service, drainMs] of Object.entries(drains))
      assert.ok(
        seconds(services[service]?.stop_grace_period) * 1000 > drainMs,
        `${service}: stop_grace_period ${services[service]?.stop_grace_period ?? '10s (default)'} <= ${drainMs} ms`,
      );
  });

  test('the monitoring profile mounts a valid Prometheus config, the rules and the dashboard', () => {
    const check = promtool(['check', 'config', `${ROOT}/deploy/compose/prometheus/prometheus.yml`]);
    assert.equal(check.status, 0, check.output);
    const compose = readRepoFile('docker-compose.yml');
    for (const mount of ['./deploy/monitoring/prometheus/rules:', './deploy/monitoring/grafana/dashboards:'])
      assert.ok(compose.includes(mount), `${mount} not mounted`);
  });

  test('every ${VAR} compose substitutes is documented in .env.example', () => {
    const documented = new Set(envFileNames(readRepoFile('.env.example')));
    const used = [...readRepoFile('docker-compose.yml').matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]!);
    assert.deepEqual([...new Set(used.filter((name) => !documented.has(name)))], []);
  });

  test('every variable .env.example documents is read by compose or an app', () => {
    const compose = readRepoFile('docker-compose.yml');
    const read = new Set([...envNamesRead('gateway'), ...envNamesRead('worker')]);
    // Read by the runtime, not by the config parsers.
    const runtime = new Set(['MALLOC_ARENA_MAX']);
    const unused = envFileNames(readRepoFile('.env.example')).filter(
      (name) => !read.has(name) && !runtime.has(name) && !compose.includes(`\${${name}`),
    );
    assert.deepEqual(unused, []);
  });
});
