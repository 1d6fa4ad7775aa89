import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FaultStack, jobIdsLogged } from '../src/fault-stack.js';
import { fakeImages } from '../src/fake-images.js';
import { tally } from '../src/submit-load.js';
import { sleep, until } from '@ocr-pool/dev';

/**
 * A worker SIGKILLed mid-batch while clients keep submitting: its jobs come back after their locks
 * lapse and another worker completes each of them once, with that job's own result. Three rounds,
 * each killing at another point of the load and with other batch sizes.
 */
const ROUNDS = [
  { killAfterMs: 400, batchMaxSize: 4 },
  { killAfterMs: 1_000, batchMaxSize: 6 },
  { killAfterMs: 1_700, batchMaxSize: 8 },
];

for (const [i, round] of ROUNDS.entries()) {
  test(`round ${i + 1}: a worker killed ${round.killAfterMs} ms into the load (batches up to ${round.batchMaxSize}) loses nothing and duplicates nothing`, async (t) => {
    const images = await fakeImages(60, 10 + i);
    const stack = await FaultStack.start({
      workers: 2,
      workerEnv: { OCR_FAKE_DELAY_MS: '150', BATCH_MAX_SIZE: String(round.batchMaxSize), BATCH_MAX_IN_FLIGHT: '1' },
    });
    try {
      const load = stack.startLoad(images, {
        httpClients: 3,
        grpcClients: 1,
        requestTimeoutMs: 10_000,
        pauseMs: 80,
      });
      await sleep(round.killAfterMs);
      const victim = stack.workers[0]!;
      // Kill it while it holds jobs, so the test is about a batch in hand, every round.
      const holding = (): number =>
        jobIdsLogged(victim, '"job started"').length - jobIdsLogged(victim, '"job completed"').length;
      assert.equal(
        await until(() => Promise.resolve(holding() > 0), true, 5_000, 5),
        true,
        'the victim never held a job',
      );
      await stack.killWorker(victim);
      await sleep(500);
      await stack.startWorker();
      await sleep(1_000);
      const records = await load.stop();
      const report = await stack.ledger.settle((id) => stack.view(id), 60_000);

      const answers = tally(records);
      assert.deepEqual(
        Object.keys(answers).filter((k) => k !== 'http 202' && k !== 'grpc OK'),
        [],
        JSON.stringify(answers),
      );
      assert.ok(report.accepted >= 20, `only ${report.accepted} jobs were accepted`);
      assert.deepEqual(report.lost, [], 'lost jobs');
      assert.deepEqual(report.wrongResult, [], 'jobs completed with another image’s text');
      assert.deepEqual(
        report.failed.map((f) => f.error?.code),
        [],
        'failed jobs',
      );
      assert.deepEqual(stack.completedTwice(), [], 'jobs completed twice');
      // The kill landed mid-batch: the victim had started jobs it never finished, and they completed elsewhere.
      const startedByVictim = jobIdsLogged(victim, '"job started"');
      const completedByVictim = new Set(jobIdsLogged(victim, '"job completed"'));
      const orphaned = startedByVictim.filter((id) => !completedByVictim.has(id));
      assert.ok(orphaned.length > 0, 'the killed worker held no job: the kill missed the batch');
      const ledger = new Set(stack.ledger.ids);
      assert.ok(
        orphaned.every((id) => ledger.has(id)),
        'the killed worker held jobs no client was told were accepted',
      );
      t.diagnostic(
        JSON.stringify({ answers, accepted: report.accepted, completed: report.completed, orphaned: orphaned.length }),
      );
    } finally {
      await stack.stop();
    }
  });
}
