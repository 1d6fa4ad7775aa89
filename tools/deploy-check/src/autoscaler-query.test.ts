import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { promtool } from '@ocr-pool/dev';
import { stringify } from 'yaml';
import { ROOT, readYaml } from './deploy-files.js';

/**
 * The autoscalers' query counts the backlog once however many gateway replicas export the queue
 * gauges: played through `promtool test rules` with three replicas reporting the same queue, the
 * KEDA query, the adapter's rule and the recording rule all read 400, never 1,200.
 */
const kedaQuery = (): string =>
  readYaml<{ spec: { triggers: { metadata: { query: string } }[] } }>('deploy/k8s/overlays/keda/scaled-object.yaml')
    .spec.triggers[0]!.metadata.query;

const adapterQuery = (): string =>
  readYaml<{ externalRules: { metricsQuery: string }[] }>('deploy/k8s/prometheus-adapter/config.yaml')
    .externalRules[0]!.metricsQuery.replace('<<.Series>>', 'ocr_queue_jobs')
    .replace('<<.LabelMatchers>>', '');

function playBacklog(queries: string[], expected: number): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-check-'));
  try {
    const series = (instance: string, state: string, value: number) => ({
      series: `ocr_queue_jobs{instance="${instance}",state="${state}"}`,
      values: `${value}x5`,
    });
    const replicas = ['gateway-a', 'gateway-b', 'gateway-c'];
    const file = join(dir, 'backlog.test.yml');
    writeFileSync(
      file,
      stringify({
        rule_files: [resolve(ROOT, 'deploy/monitoring/prometheus/rules/ocr-pool.rules.yml')],
        evaluation_interval: '1m',
        tests: [
          {
            interval: '1m',
            input_series: replicas.flatMap((r) => [
              series(r, 'waiting', 300),
              series(r, 'prioritized', 100),
              series(r, 'active', 48),
            ]),
            promql_expr_test: queries.map((expr) => ({
              expr,
              eval_time: '3m',
              exp_samples: [{ labels: '{}', value: expected }],
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

test('three gateway replicas reporting 300 waiting + 100 prioritized: every autoscaler query reads 400', () => {
  const result = playBacklog([kedaQuery(), adapterQuery(), 'sum(ocr:queue_backlog_jobs:sum)'], 400);
  assert.equal(result.status, 0, result.output);
});

test('a plain sum over replicas reads 1,200 (the double count the queries avoid)', () => {
  const result = playBacklog(['sum(ocr_queue_jobs{state=~"waiting|prioritized"})'], 400);
  assert.notEqual(result.status, 0, 'a plain sum should have read 1,200');
  assert.match(result.output, /got: \{\} 1\.2E\+03/);
});
