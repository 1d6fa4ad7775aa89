import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promtool } from '@ocr-pool/dev';

/**
 * The monitoring files operators import: the alert rules pass `promtool check rules`, and
 * `promtool test rules` plays queue histories through them (each scenario must fire exactly the
 * alerts named, a healthy one none); the Grafana dashboard has a panel for each thing operators
 * watch, every panel on the dashboard's Prometheus data source.
 */
const ROOT = resolve(fileURLToPath(import.meta.url), '../../../../..');
const RULES = resolve(ROOT, 'deploy/monitoring/prometheus/rules/ocr-pool.rules.yml');
const DASHBOARD = resolve(ROOT, 'deploy/monitoring/grafana/dashboards/ocr-pool.json');

test('promtool check rules passes on the alert rules', () => {
  const check = promtool(['check', 'rules', RULES]);
  assert.equal(check.status, 0, check.output);
  assert.match(check.output, /SUCCESS: \d+ rules found/);
});

/** One history: series in promtool's expanding notation, one sample a minute, and the alerts firing at `at`. */
interface Scenario {
  name: string;
  series: Record<string, string>;
  at: string;
  firing: string[];
}

const queue = (state: string, values: string, instance = 'gateway-1'): Record<string, string> => ({
  [`ocr_queue_jobs{state="${state}",instance="${instance}"}`]: values,
});
const finished = (outcome: string, code: string, values: string): Record<string, string> => ({
  [`ocr_worker_jobs_total{outcome="${outcome}",code="${code}",instance="worker-1"}`]: values,
});

const scenarios: Scenario[] = [
  {
    name: 'healthy: a small steady backlog, workers finishing jobs, input errors only',
    series: {
      ...queue('prioritized', '5x40'),
      'ocr_queue_read_errors_total{instance="gateway-1"}': '0x40',
      'ocr_queue_oldest_waiting_seconds{instance="gateway-1"}': '3x40',
      ...finished('completed', '', '0+60x40'),
      ...finished('failed', 'ENGINE_FAILURE', '0+1x40'),
      ...finished('failed', 'IMAGE_UNREADABLE', '0+20x40'),
      'ocr_worker_batch_splits_total{instance="worker-1"}': '0x20 1x20',
    },
    at: '30m',
    firing: [],
  },
  {
    name: 'a backlog growing for 30 minutes, reported by two gateway replicas',
    series: {
      ...queue('prioritized', '0+10x40', 'gateway-1'),
      ...queue('prioritized', '0+10x40', 'gateway-2'),
      ...finished('completed', '', '0+5x40'),
    },
    at: '30m',
    firing: ['OcrQueueGrowing'],
  },
  {
    name: 'the oldest job has waited longer than the SLO',
    series: {
      ...queue('waiting', '3x20'),
      'ocr_queue_oldest_waiting_seconds{instance="gateway-1"}': '400x20',
      ...finished('completed', '', '0+5x20'),
    },
    at: '10m',
    firing: ['OcrOldestJobTooOld'],
  },
  {
    name: 'one job in ten fails in the engine',
    series: {
      ...queue('prioritized', '0x40'),
      ...finished('completed', '', '0+90x40'),
      ...finished('failed', 'ENGINE_FAILURE', '0+10x40'),
    },
    at: '30m',
    firing: ['OcrJobFailureRatioHigh'],
  },
  {
    name: 'a worker splits a failed batch every minute: a poison image keeps coming',
    series: {
      ...queue('prioritized', '2x40'),
      ...finished('completed', '', '0+50x40'),
      ...finished('failed', 'ENGINE_FAILURE', '0+1x40'),
      'ocr_worker_batch_splits_total{instance="worker-1"}': '0+1x40',
    },
    at: '30m',
    firing: ['OcrBatchesFailingWhole'],
  },
  {
    name: 'jobs wait and no worker reports anything',
    series: { ...queue('prioritized', '5x20') },
    at: '10m',
    firing: ['OcrNoWorkersConsuming'],
  },
  {
    name: 'no gateway reports the queue',
    series: { ...finished('completed', '', '0+5x20') },
    at: '10m',
    firing: ['OcrQueueMetricsAbsent'],
  },
  {
    name: "one deployment's gateways lose Redis while another's still report their queue",
    series: {
      'ocr_queue_jobs{state="prioritized",namespace="staging",instance="gateway-1"}': '2x20',
      'ocr_queue_read_errors_total{namespace="staging",instance="gateway-1"}': '0x20',
      'ocr_queue_jobs{state="prioritized",namespace="production",instance="gateway-2"}': '2x2 stale',
      'ocr_queue_read_errors_total{namespace="production",instance="gateway-2"}': '0x2 1+1x18',
      'ocr_worker_jobs_total{outcome="completed",code="",namespace="staging",instance="worker-1"}': '0+5x20',
      'ocr_worker_jobs_total{outcome="completed",code="",namespace="production",instance="worker-2"}': '0+5x20',
    },
    at: '10m',
    firing: ['OcrQueueMetricsAbsent'],
  },
];

test('promtool test rules: each queue history fires exactly its alerts, and the backlog counts each job once', () => {
  const firing = 'count by (alertname) (ALERTS{alertstate="firing"})';
  const tests = scenarios.map((s) => ({
    name: s.name,
    interval: '1m',
    input_series: Object.entries(s.series).map(([series, values]) => ({ series, values })),
    promql_expr_test: [
      {
        expr: firing,
        eval_time: s.at,
        exp_samples: s.firing.map((alertname) => ({ labels: `{alertname="${alertname}"}`, value: 1 })),
      },
    ],
  }));
  // Two replicas report 100 waiting jobs each at minute 10: the backlog is 100, not 200.
  tests[1]!.promql_expr_test.push({
    expr: 'ocr:queue_backlog_jobs:sum',
    eval_time: '10m',
    exp_samples: [{ labels: 'ocr:queue_backlog_jobs:sum', value: 100 }],
  });
  // The deployment that lost its queue metrics is the one named, not the one still reporting.
  tests[tests.length - 1]!.promql_expr_test.push({
    expr: 'ALERTS{alertname="OcrQueueMetricsAbsent",alertstate="firing"}',
    eval_time: '10m',
    exp_samples: [
      {
        labels:
          'ALERTS{alertname="OcrQueueMetricsAbsent",alertstate="firing",namespace="production",severity="critical"}',
        value: 1,
      },
    ],
  });
  const dir = mkdtempSync(join(tmpdir(), 'ocr-pool-rules-'));
  try {
    const file = join(dir, 'rules.test.yml');
    // YAML is a superset of JSON.
    writeFileSync(file, JSON.stringify({ rule_files: [RULES], evaluation_interval: '1m', tests }, null, 2));
    const run = promtool(['test', 'rules', file]);
    assert.equal(run.status, 0, run.output);
    assert.match(run.output, /SUCCESS/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type: string; uid: string };
  targets?: Array<{ expr: string; refId: string; datasource?: { type: string; uid: string } }>;
  gridPos: { x: number; y: number; w: number; h: number };
}

test('the Grafana dashboard shows each thing operators watch, every panel on the chosen Prometheus', () => {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
    uid: string;
    panels: Panel[];
    templating: { list: Array<{ name: string; type: string; query: string }> };
  };
  assert.equal(dashboard.uid, 'ocr-pool');
  assert.deepEqual(
    dashboard.templating.list.map((v) => [v.name, v.type, v.query]),
    [
      ['datasource', 'datasource', 'prometheus'],
      ['namespace', 'query', 'label_values(ocr_queue_read_errors_total, namespace)'],
    ],
  );
  const ids = dashboard.panels.map((p) => p.id);
  assert.equal(new Set(ids).size, ids.length, 'panel ids are unique');
  const charts = dashboard.panels.filter((p) => p.type !== 'row');
  for (const panel of charts) {
    assert.deepEqual(panel.datasource, { type: 'prometheus', uid: '${datasource}' }, panel.title);
    assert.ok(panel.targets?.length, `${panel.title} has queries`);
    for (const target of panel.targets) assert.deepEqual(target.datasource, panel.datasource, panel.title);
    assert.ok(panel.gridPos.x + panel.gridPos.w <= 24, `${panel.title} fits the 24-column grid`);
  }
  const exprs = charts.flatMap((p) => p.targets!.map((t) => t.expr)).join('\n');
  const watched: Array<[string, RegExp]> = [
    ['queue depth by state', /sum by \(state\) \(max by \(namespace, state\) \(ocr_queue_jobs/],
    ['oldest-job age', /ocr_queue_oldest_waiting_seconds/],
    ['throughput', /rate\(ocr_worker_jobs_total\[/],
    [
      'latency percentiles',
      /histogram_quantile\(0\.95, sum by \(le\) \(rate\(ocr_http_request_duration_seconds_bucket/,
    ],
    ['batch size', /ocr_worker_batch_size_bucket/],
    ['failures by code', /sum by \(code\) \(rate\(ocr_worker_jobs_total\{outcome="failed"\}/],
    ['worker count', /count\(ocr_worker_info\)/],
    [
      'inference thread utilisation',
      /ocr_worker_inference_busy_seconds_total\[.*\/ sum\(ocr_worker_inference_threads\)/,
    ],
    [
      'recogniser batch size',
      /rate\(ocr_worker_recognizer_lines_total\[.*\/ sum\(rate\(ocr_worker_recognizer_runs_total\[/,
    ],
  ];
  // What each panel shows, read without the namespace filter every selector carries (checked below).
  const unscoped = exprs.replaceAll('{namespace=~"$namespace"}', '').replaceAll('namespace=~"$namespace", ', '');
  for (const [what, pattern] of watched) assert.match(unscoped, pattern, `a panel shows ${what}`);
  // One Prometheus often scrapes several deployments: every series a panel reads is the chosen
  // namespace's, and queue gauges are de-duplicated within a namespace, never across them.
  const selectors = exprs.match(/(?<![\w:])ocr_\w+(\{[^}]*\})?/g) ?? [];
  for (const selector of selectors) assert.match(selector, /\{namespace=~"\$namespace"/, selector);
  assert.doesNotMatch(exprs, /max by \(state\)/);
});
