import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readyz, sleep, until } from '@ocr-pool/dev';
import { FaultStack } from '../src/fault-stack.js';
import { fakeImages } from '../src/fake-images.js';
import { tally } from '../src/submit-load.js';

/**
 * Redis stops under load (append-only persistence on, as in production): the gateway answers
 * 503 / UNAVAILABLE at once instead of hanging, `/readyz` and gRPC health say not ready; when
 * Redis is back the same processes recover on their own and every accepted job completes. Three
 * rounds: outages of different lengths, by SIGTERM and by SIGKILL (a crash).
 */
const ROUNDS = [
  { downMs: 2_000, signal: 'SIGTERM' },
  { downMs: 3_000, signal: 'SIGKILL' },
  { downMs: 4_500, signal: 'SIGTERM' },
] as const;
const ALLOWED = new Set(['http 202', 'http 503', 'grpc OK', 'grpc UNAVAILABLE']);

for (const [i, round] of ROUNDS.entries()) {
  test(`round ${i + 1}: Redis down ${round.downMs} ms (${round.signal}): 503/UNAVAILABLE, not ready, then recovery with nothing lost`, async (t) => {
    const images = await fakeImages(60, 20 + i);
    const stack = await FaultStack.start({
      workers: 1,
      workerEnv: { OCR_FAKE_DELAY_MS: '100', BATCH_MAX_SIZE: '8' },
    });
    const health = stack.health();
    try {
      const load = stack.startLoad(images, {
        httpClients: 2,
        grpcClients: 1,
        requestTimeoutMs: 8_000,
        pauseMs: 60,
      });
      await sleep(800);
      assert.ok(load.accepted() > 0, 'nothing was accepted before the outage');

      await stack.redis.stop(round.signal);
      const downAt = Date.now();
      assert.equal(await until(() => readyz(stack.gateway.url), 503, 3_000), 503, '/readyz while Redis is down');
      assert.equal(
        await until(() => health.check(), 'NOT_SERVING', 3_000),
        'NOT_SERVING',
        'gRPC health while Redis is down',
      );
      await sleep(Math.max(0, round.downMs - (Date.now() - downAt)));

      await stack.redis.start();
      const upAt = Date.now();
      assert.equal(await until(() => readyz(stack.gateway.url), 200, 15_000), 200, '/readyz after Redis returned');
      assert.equal(await until(() => health.check(), 'SERVING', 15_000), 'SERVING', 'gRPC health after Redis returned');
      const recoveredAt = Date.now();
      await sleep(1_500);
      const records = await load.stop();

      const answers = tally(records);
      assert.deepEqual(
        Object.keys(answers).filter((k) => !ALLOWED.has(k)),
        [],
        `answers other than accepted/unavailable: ${JSON.stringify(answers)}`,
      );
      assert.deepEqual(
        records.filter((r) => r.hung),
        [],
        'requests left unanswered past their deadline',
      );
      const during = records.filter((r) => r.at >= downAt && r.at + r.ms < upAt);
      assert.ok(
        during.some((r) => r.outcome === '503') && during.some((r) => r.outcome === 'UNAVAILABLE'),
        `no 503 and UNAVAILABLE seen during the outage: ${JSON.stringify(tally(during))}`,
      );
      assert.ok(
        during.every((r) => r.ms < 3_000),
        `slowest answer during the outage ${Math.max(...during.map((r) => r.ms))} ms`,
      );
      assert.ok(load.accepted(recoveredAt) > 0, 'nothing was accepted after recovery');
      assert.equal(stack.gateway.child.exitCode, null, 'the gateway process restarted');
      assert.equal(stack.workers[0]!.child.exitCode, null, 'the worker process restarted');

      const report = await stack.ledger.settle((id) => stack.view(id), 60_000);
      assert.deepEqual(report.lost, [], 'lost jobs');
      assert.deepEqual(report.wrongResult, [], 'jobs completed with another image’s text');
      assert.deepEqual(
        report.failed.map((f) => `${f.id}: ${f.error?.code} ${f.error?.message}`),
        [],
        'failed jobs',
      );
      assert.deepEqual(stack.completedTwice(), [], 'jobs completed twice');
      t.diagnostic(
        JSON.stringify({
          answers,
          accepted: report.accepted,
          completed: report.completed,
          lost: report.lost.length,
          duringOutage: tally(during),
        }),
      );
    } finally {
      await stack.stop();
    }
  });
}
