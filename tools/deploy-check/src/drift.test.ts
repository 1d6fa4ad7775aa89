import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { readGatewayConfig } from '@ocr-pool/gateway';
import { readWorkerConfig } from '@ocr-pool/worker';
import { deletePrefix, ensureRedis, parseSamples, ServiceProcess, type RedisHandle } from '@ocr-pool/dev';
import { type AppName, envNamesRead, parseAppEnv } from './app-env.js';
import {
  KUBECTL_HINT,
  type K8sObject,
  adapterQueryFor,
  baseNamespace,
  find,
  k8sBytes,
  kedaQuery,
  kubectlInstalled,
  readYaml,
  renderKustomization,
} from './deploy-files.js';

/**
 * Cross-checks that fail when the apps and the deployment files drift apart: env names the apps no
 * longer read, ports other than the config defaults, probe paths the apps do not serve, and an
 * autoscaler query on a metric or label the gateway does not export (read from a live gateway and
 * worker on a private prefix of the test Redis).
 */

interface Container {
  name: string;
  env?: { name: string }[];
  resources?: { limits?: Record<string, string | number> };
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  ports?: { name: string; containerPort: number }[];
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
  livenessProbe?: { httpGet?: { path: string; port: string | number } };
}
interface Workload extends K8sObject {
  spec: { template: { metadata: { annotations?: Record<string, string> }; spec: { containers: Container[] } } };
}
interface Data extends K8sObject {
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

const APPS: readonly AppName[] = ['gateway', 'worker'];
const OVERLAYS = ['deploy/k8s/overlays/dev', 'deploy/k8s/overlays/gpu', 'deploy/k8s/overlays/keda'];

/** The environment a Deployment's container gets: its env entries and every ConfigMap/Secret it loads. */
function containerEnv(list: K8sObject[], container: Container): Record<string, string> {
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    if (!ref) continue;
    const source = find<Data>(list, from.configMapRef ? 'ConfigMap' : 'Secret', ref.name);
    Object.assign(env, source.data ?? {}, source.stringData ?? {});
  }
  for (const e of container.env ?? []) env[e.name] = '';
  return env;
}

const appContainer = (list: K8sObject[], app: AppName): Container =>
  find<Workload>(list, 'Deployment', app).spec.template.spec.containers[0]!;

/** An API_KEYS value of the accepted form, standing in for the real Secret an operator creates. */
const REAL_KEYS = `tenant:sha256:${'0'.repeat(64)}`;

describe('manifests against the apps config', () => {
  let base: K8sObject[];
  before(() => {
    assert.ok(kubectlInstalled(), KUBECTL_HINT);
    base = renderKustomization('deploy/k8s/base');
  });

  test('the env recorder learns the names each app reads', () => {
    assert.ok(envNamesRead('gateway').has('API_KEYS'));
    assert.ok(envNamesRead('worker').has('OCR_DEVICE'));
    assert.ok(!envNamesRead('gateway').has('OCR_DEVICE'), 'the gateway never reads engine settings');
  });

  for (const target of ['deploy/k8s/base', ...OVERLAYS])
    for (const app of APPS)
      test(`${target}: every variable set on the ${app} is one it reads, with a value it accepts`, () => {
        const list = renderKustomization(target);
        const env = containerEnv(list, appContainer(list, app));
        const read = envNamesRead(app);
        assert.deepEqual(
          Object.keys(env).filter((name) => !read.has(name)),
          [],
          `set on the ${app} but never read by it`,
        );
        // The shipped Secret is a placeholder the gateway refuses (tested below); judge the rest
        // with keys of the accepted form in its place, as after the operator creates the Secret.
        if ('API_KEYS' in env) env.API_KEYS = REAL_KEYS;
        assert.doesNotThrow(() => parseAppEnv(app, env));
      });

  for (const target of ['deploy/k8s/base', ...OVERLAYS])
    test(`${target}: the shipped API key is a placeholder the gateway refuses, naming the Secret and the docs`, () => {
      const list = renderKustomization(target);
      const env = containerEnv(list, appContainer(list, 'gateway'));
      assert.ok(env.API_KEYS, 'the Secret no longer sets API_KEYS: the gateway would start without keys');
      assert.throws(
        () => parseAppEnv('gateway', env),
        (error: Error) =>
          /API_KEYS: /.test(error.message) &&
          error.message.includes('ocr-pool-api-keys') &&
          error.message.includes('docs/deploy.md'),
      );
    });

  for (const target of ['deploy/k8s/base', ...OVERLAYS])
    test(`${target}: a full batch upload fits well inside the gateway's memory limit`, () => {
      // The gateway buffers a whole multipart batch in memory before queueing it.
      const list = renderKustomization(target);
      const container = appContainer(list, 'gateway');
      const env = { ...containerEnv(list, container), API_KEYS: REAL_KEYS };
      const config = parseAppEnv('gateway', env) as { maxFiles: number; maxImageBytes: number };
      const limit = k8sBytes(container.resources?.limits?.memory ?? '0');
      assert.ok(limit > 0, 'the gateway has no memory limit');
      const batch = config.maxFiles * config.maxImageBytes;
      assert.ok(
        batch <= limit / 4,
        `MAX_BATCH_FILES x MAX_IMAGE_BYTES = ${batch} bytes, over a quarter of the ${limit}-byte limit`,
      );
    });

  test('container ports, annotations and ConfigMap ports match the apps defaults', () => {
    const gatewayDefaults = readGatewayConfig({});
    const workerDefaults = readWorkerConfig({});
    const ports = (app: AppName): Record<string, number> =>
      Object.fromEntries((appContainer(base, app).ports ?? []).map((p) => [p.name, p.containerPort]));
    assert.deepEqual(ports('gateway'), { http: gatewayDefaults.port, grpc: gatewayDefaults.grpc.port });
    assert.deepEqual(ports('worker'), { metrics: workerDefaults.healthPort });
    const env = (app: AppName): Record<string, string> => containerEnv(base, appContainer(base, app));
    assert.equal(Number(env('gateway').PORT ?? gatewayDefaults.port), gatewayDefaults.port);
    assert.equal(Number(env('gateway').GRPC_PORT ?? gatewayDefaults.grpc.port), gatewayDefaults.grpc.port);
    assert.equal(Number(env('worker').WORKER_HEALTH_PORT ?? workerDefaults.healthPort), workerDefaults.healthPort);
    for (const app of APPS) {
      const annotations = find<Workload>(base, 'Deployment', app).spec.template.metadata.annotations ?? {};
      const port = Number(annotations['prometheus.io/port']);
      assert.ok(Object.values(ports(app)).includes(port), `${app}: prometheus.io/port ${port} is no container port`);
    }
  });

  test('compose sets only variables the apps read on gateway and worker services', () => {
    const compose = readYaml<{ services: Record<string, { environment?: Record<string, string> }> }>(
      'docker-compose.yml',
    );
    const services: Record<string, AppName> = { gateway: 'gateway', worker: 'worker', 'worker-gpu': 'worker' };
    for (const [service, app] of Object.entries(services)) {
      const read = envNamesRead(app);
      const names = Object.keys(compose.services[service]?.environment ?? {});
      assert.ok(names.length > 0, `${service} has no environment`);
      assert.deepEqual(
        names.filter((n) => !read.has(n)),
        [],
        `${service}: set but never read by the ${app}`,
      );
    }
  });
});

describe('a live gateway and worker', () => {
  let redis: RedisHandle;
  let gateway: ServiceProcess;
  let worker: ServiceProcess;
  const prefix = `deploy-check-${randomUUID().slice(0, 8)}`;

  before(async () => {
    redis = await ensureRedis(process.env.REDIS_URL);
    const env = { REDIS_URL: redis.url, QUEUE_PREFIX: prefix, LOG_LEVEL: 'warn' };
    gateway = await ServiceProcess.start('gateway', env);
    worker = await ServiceProcess.start('worker', { ...env, OCR_ENGINE: 'fake' });
  });

  after(async () => {
    await worker?.stop('SIGTERM');
    await gateway?.stop('SIGTERM');
    if (redis) await deletePrefix(redis.url, prefix);
    await redis?.close();
  });

  test('the probe paths of every Deployment answer 200 on the app they point at', async () => {
    const base = renderKustomization('deploy/k8s/base');
    const urls: Record<AppName, string> = { gateway: gateway.url, worker: worker.url };
    for (const app of APPS) {
      const container = appContainer(base, app);
      for (const probe of [container.readinessProbe, container.livenessProbe]) {
        const path = probe?.httpGet?.path;
        assert.ok(path, `${app}: probe without an HTTP path`);
        const response = await fetch(`${urls[app]}${path}`);
        assert.equal(response.status, 200, `${app} ${path}`);
      }
      const annotations = find<Workload>(base, 'Deployment', app).spec.template.metadata.annotations ?? {};
      assert.equal((await fetch(`${urls[app]}${annotations['prometheus.io/path']}`)).status, 200);
    }
  });

  test('the autoscalers query a metric and states the gateway exports', async () => {
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    const series = [...parseSamples(metrics).keys()];
    const states = new Set(
      series.filter((k) => k.startsWith('ocr_queue_jobs{')).map((k) => /state="([a-z]+)"/.exec(k)?.[1]),
    );
    const queries = [
      readYaml<{ externalRules: { seriesQuery: string; metricsQuery: string }[] }>(
        'deploy/k8s/prometheus-adapter/config.yaml',
      ).externalRules.flatMap((r) => [r.seriesQuery, r.metricsQuery]),
      readYaml<{ spec: { triggers: { metadata: { query: string } }[] } }>(
        'deploy/k8s/overlays/keda/scaled-object.yaml',
      ).spec.triggers.map((t) => t.metadata.query),
    ].flat();
    assert.ok(queries.length >= 3);
    for (const query of queries) {
      const metric =
        /\b(ocr_[a-z_]+)\{/.exec(query)?.[1] ?? (query.includes('<<.Series>>') ? 'ocr_queue_jobs' : undefined);
      assert.ok(metric && series.some((k) => k.startsWith(`${metric}{`)), `${query}: ${metric} not exported`);
      const wanted = /state=~"([^"]+)"/.exec(query)?.[1]?.split('|') ?? [];
      assert.ok(wanted.length > 0, `${query}: no state filter`);
      for (const state of wanted) assert.ok(states.has(state), `${query}: state ${state} not exported`);
      // Every gateway replica exports the same gauges: a query must de-duplicate before it sums.
      if (query.startsWith('sum(')) assert.match(query, /^sum\(max by \(state\)/);
    }
  });

  test('the KEDA query and the adapter rule compute the same number', () => {
    const rule = adapterQueryFor(baseNamespace());
    assert.equal(kedaQuery(), rule, `KEDA query differs from the adapter's: ${rule}`);
  });
});
