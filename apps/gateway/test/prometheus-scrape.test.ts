import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { QUEUE_NAME } from '@ocr-pool/contracts';
import { PrometheusServer, type ServiceProcess, promtool } from '@ocr-pool/dev';
import { StackFixture, form, png } from './stack-fixture.js';

/**
 * A real Prometheus (the OS's) scrapes a real gateway and a real worker process on loopback, with
 * the alert rules of deploy/monitoring loaded. The HPA's query returns the number of jobs waiting;
 * every query of the Grafana dashboard and every rule runs without error on metrics the services
 * really export.
 */
const ROOT = resolve(fileURLToPath(import.meta.url), '../../../../..');
const RULES = resolve(ROOT, 'deploy/monitoring/prometheus/rules/ocr-pool.rules.yml');
const DASHBOARD = resolve(ROOT, 'deploy/monitoring/grafana/dashboards/ocr-pool.json');
const HPA_QUERY = 'sum(ocr_queue_jobs{state=~"waiting|prioritized"})';

let stack: StackFixture;
let worker: ServiceProcess;
let queue: Queue;
let prometheus: PrometheusServer | undefined;

before(async () => {
  stack = await StackFixture.open({ worker: 'none' });
  // One job at a time, each taking ten minutes: whatever else is submitted waits.
  worker = await stack.startWorker('fake', {
    OCR_FAKE_DELAY_MS: '600000',
    BATCH_MAX_SIZE: '1',
    BATCH_MAX_IN_FLIGHT: '1',
    WORKER_CONCURRENCY: '1',
    SHUTDOWN_TIMEOUT_MS: '500',
  });
  queue = new Queue(QUEUE_NAME, { connection: stack.redis, prefix: stack.prefix });
});
after(async () => {
  await prometheus?.stop();
  await queue.close();
  await stack.close();
});

async function submit(width: number): Promise<void> {
  const res = await stack.request('/v1/jobs', {
    method: 'POST',
    body: form({}, [{ field: 'image', bytes: await png(width) }]),
  });
  assert.equal(res.status, 202, await res.text());
}

const hostPort = (url: string): string => new URL(url).host;

test("Prometheus scrapes the gateway and the worker, and the HPA's query returns the number of waiting jobs", async () => {
  await submit(30);
  while ((await queue.getActiveCount()) === 0) await new Promise((r) => setTimeout(r, 20));
  for (let i = 1; i <= 5; i++) await submit(30 + i);
  // Jobs without a priority wait in BullMQ's plain list: the query must count both kinds.
  await queue.add('ocr', {});
  await queue.add('ocr', {});

  prometheus = await PrometheusServer.start({
    targets: [
      { job: 'ocr-gateway', target: hostPort(stack.url) },
      { job: 'ocr-worker', target: hostPort(worker.url) },
    ],
    ruleFiles: [RULES],
  });
  const counts = await queue.getJobCounts('waiting', 'prioritized', 'active');
  assert.deepEqual(counts, { waiting: 2, prioritized: 5, active: 1 });
  const waiting = counts.waiting + counts.prioritized;

  const hpa = await prometheus.queryUntil(HPA_QUERY, (s) => s.length === 1 && s[0]!.value === waiting);
  assert.equal(hpa.length, 1, `${HPA_QUERY} returned ${JSON.stringify(hpa)}`);
  assert.equal(hpa[0]!.value, waiting);

  const recorded = await prometheus.queryUntil('ocr:queue_backlog_jobs:sum', (s) => s[0]?.value === waiting);
  assert.equal(recorded[0]?.value, waiting, 'the recording rule the alerts use agrees');

  const up = await prometheus.queryUntil('up', (s) => s.length === 2 && s.every((x) => x.value === 1));
  assert.deepEqual(up.map((s) => [s.metric.job, s.value]).sort(), [
    ['ocr-gateway', 1],
    ['ocr-worker', 1],
  ]);
  const workers = await prometheus.queryUntil('count(ocr_worker_info)', (s) => s[0]?.value === 1);
  assert.equal(workers[0]?.value, 1);
});

test('every dashboard query and alert rule runs on what the gateway and worker export', async () => {
  assert.ok(prometheus, 'needs the Prometheus of the first test');
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
    panels: Array<{ title: string; targets?: Array<{ expr: string }> }>;
  };
  // Grafana fills $__rate_interval (any range does for a syntax and type check) and $namespace
  // (its "All" is `.*`, which also matches these series, scraped with no namespace label).
  const filled = (expr: string): string => expr.replaceAll('$__rate_interval', '1m').replaceAll('$namespace', '.*');
  const panelExprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
  assert.ok(panelExprs.length >= 10);
  for (const expr of panelExprs) await assert.doesNotReject(prometheus.query(filled(expr)), expr);
  const backlogPanel = dashboard.panels.find((p) => p.title.startsWith('Backlog'));
  const backlog = await prometheus.query(filled(backlogPanel!.targets![0]!.expr));
  assert.equal(backlog[0]?.value, 7, 'the backlog panel shows the jobs waiting, scraped without a namespace');

  type Rule = { name: string; query: string; health: string; lastError?: string };
  const allEvaluated = async (): Promise<Rule[]> => {
    const data = await prometheus!.api<{ groups: Array<{ rules: Rule[] }> }>('/api/v1/rules');
    return data.groups.flatMap((g) => g.rules);
  };
  let rules = await allEvaluated();
  for (let i = 0; i < 40 && rules.some((r) => r.health === 'unknown'); i++) {
    await new Promise((r) => setTimeout(r, 250));
    rules = await allEvaluated();
  }
  assert.ok(rules.length >= 8, `${rules.length} rules loaded`);
  for (const rule of rules) assert.equal(rule.health, 'ok', `${rule.name}: ${rule.lastError ?? ''}`);

  // Every ocr_* name the dashboard and rules use is exported by a service.
  const exported = new Set<string>();
  for (const url of [stack.url, worker.url]) {
    const text = await (await fetch(`${url}/metrics`)).text();
    for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
      exported.add(name!);
      if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) exported.add(name! + suffix);
    }
  }
  const used = new Set(
    [...panelExprs, ...rules.map((r) => r.query)].flatMap((e) => e.match(/(?<![\w:])ocr_\w+(?![\w:])/g) ?? []),
  );
  const unknown = [...used].filter((name) => !exported.has(name));
  assert.deepEqual(unknown, []);
});

test("the worker's /metrics passes promtool check metrics with nothing to report", async () => {
  const check = promtool(['check', 'metrics'], await (await fetch(`${worker.url}/metrics`)).text());
  assert.equal(check.output, '');
  assert.equal(check.status, 0);
});
