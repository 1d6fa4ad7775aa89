import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { promtool } from '@ocr-pool/dev';
import { stringify } from 'yaml';
import { ROOT, adapterQueryFor, adapterRule, baseNamespace, kedaQuery } from './deploy-files.js';

/**
 * The autoscalers' query counts one deployment's backlog, once however many gateway replicas export
 * the queue gauges, and never another deployment's: one Prometheus scraping two ocr-pool namespaces
 * is played through `promtool test rules`, and the KEDA query, the adapter's rule (filled in as the
 * adapter does for an HPA in the base's namespace) and the recording rule must all read this
 * namespace's 400, never 1,200 (each of three replicas counted) nor 1,100 (the namespace-blind
 * query, which takes each state's largest value across both namespaces).
 */
const OTHER_NAMESPACE = 'ocr-pool-staging';

interface Expectation {
  expr: string;
  samples: { labels: string; value: number }[];
}

function play(expectations: Expectation[]): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-check-'));
  try {
    const series = (namespace: string, instance: string, state: string, value: number) => ({
      series: `ocr_queue_jobs{namespace="${namespace}",instance="${instance}",state="${state}"}`,
      values: `${value}x5`,
    });
    const input = [
      // This deployment: three gateway replicas report the same queue, 400 jobs waiting.
      ...['gateway-a', 'gateway-b', 'gateway-c'].flatMap((r) => [
        series(baseNamespace(), r, 'waiting', 300),
        series(baseNamespace(), r, 'prioritized', 100),
        series(baseNamespace(), r, 'active', 48),
      ]),
      // Another deployment in the same Prometheus, with a backlog of its own.
      ...['gateway-x', 'gateway-y'].flatMap((r) => [
        series(OTHER_NAMESPACE, r, 'waiting', 1000),
        series(OTHER_NAMESPACE, r, 'prioritized', 0),
      ]),
    ];
    const file = join(dir, 'backlog.test.yml');
    writeFileSync(
      file,
      stringify({
        rule_files: [resolve(ROOT, 'deploy/monitoring/prometheus/rules/ocr-pool.rules.yml')],
        evaluation_interval: '1m',
        tests: [
          {
            interval: '1m',
            input_series: input,
            promql_expr_test: expectations.map(({ expr, samples }) => ({
              expr,
              eval_time: '3m',
              exp_samples: samples,
            })),
          },
        ],
      }),
    );
    return promtool(['test', 'rules', file]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the worker autoscalers query their own namespace', () => {
  test('the adapter rule is namespaced: it maps the namespace label and puts its matchers in the query', () => {
    const rule = adapterRule();
    assert.notEqual(rule.resources.namespaced, false, 'a cluster-wide rule counts every namespace');
    assert.equal(rule.resources.overrides?.namespace?.resource, 'namespace');
    assert.match(rule.metricsQuery, /<<\.Series>>\{<<\.LabelMatchers>>,/);
    assert.match(rule.seriesQuery, /namespace!=""/, 'series without a namespace cannot be served per namespace');
  });

  test('the KEDA query is the adapter query for the base namespace, character for character', () => {
    assert.equal(kedaQuery(), adapterQueryFor(baseNamespace()));
  });

  test('two namespaces, three replicas in ours: every autoscaler query reads 400, the recorded backlog one per namespace', () => {
    const ours = [{ labels: '{}', value: 400 }];
    const result = play([
      { expr: kedaQuery(), samples: ours },
      { expr: adapterQueryFor(baseNamespace()), samples: ours },
      {
        expr: 'ocr:queue_backlog_jobs:sum',
        samples: [
          { labels: `ocr:queue_backlog_jobs:sum{namespace="${baseNamespace()}"}`, value: 400 },
          { labels: `ocr:queue_backlog_jobs:sum{namespace="${OTHER_NAMESPACE}"}`, value: 1000 },
        ],
      },
    ]);
    assert.equal(result.status, 0, result.output);
  });

  test('the queries this guards against read 1,200 and 1,100 (the check itself can fail)', () => {
    const plainSum = play([
      {
        expr: `sum(ocr_queue_jobs{namespace="${baseNamespace()}",state=~"waiting|prioritized"})`,
        samples: [{ labels: '{}', value: 400 }],
      },
    ]);
    assert.notEqual(plainSum.status, 0, 'a plain sum should have read 1,200');
    assert.match(plainSum.output, /got: \{\} 1\.2E\+03/);
    const anyNamespace = play([
      {
        expr: 'sum(max by (state) (ocr_queue_jobs{state=~"waiting|prioritized"}))',
        samples: [{ labels: '{}', value: 400 }],
      },
    ]);
    assert.notEqual(anyNamespace.status, 0, 'a query without the namespace should have read 1,100');
    assert.match(anyNamespace.output, /got: \{\} 1\.1E\+03/);
  });
});
