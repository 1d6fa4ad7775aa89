import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { createOcrClient } from '@ocr-pool/contracts';
import { FaultStack } from '../src/fault-stack.js';
import { type FakeImage, fakeImages, imageForm } from '../src/fake-images.js';
import { readyz, until } from '@ocr-pool/dev';

/**
 * A gateway SIGTERMed (a rolling update) while synchronous calls wait on their jobs: the calls in
 * flight get their results, new connections and calls are refused, and the process exits 0 within
 * its grace period. Three rounds with other engine times and numbers of calls in flight.
 */
const GRACE_MS = 10_000;
const ROUNDS = [
  { engineMs: 600, httpCalls: 3 },
  { engineMs: 1_200, httpCalls: 5 },
  { engineMs: 2_000, httpCalls: 2 },
];

function extractText(url: string, image: FakeImage): Promise<{ status: number; text?: string }> {
  return fetch(`${url}/extract_text`, {
    method: 'POST',
    body: imageForm(image),
    signal: AbortSignal.timeout(20_000),
  }).then(async (res) => ({ status: res.status, text: ((await res.json()) as { text?: string }).text }));
}

for (const [i, round] of ROUNDS.entries()) {
  test(`round ${i + 1}: SIGTERM with ${round.httpCalls + 1} calls in flight (engine ${round.engineMs} ms): they finish, new ones are refused, exit 0 in time`, async () => {
    const images = await fakeImages(round.httpCalls + 3, 30 + i);
    const stack = await FaultStack.start({
      workers: 1,
      workerEnv: { OCR_FAKE_DELAY_MS: String(round.engineMs), BATCH_MAX_SIZE: '8' },
      gatewayEnv: { SHUTDOWN_TIMEOUT_MS: String(GRACE_MS) },
    });
    const grpcLate = createOcrClient(stack.gateway.grpcAddress!);
    try {
      const url = stack.gateway.url;
      const httpCalls = images.slice(0, round.httpCalls).map((image) => extractText(url, image));
      const grpcImage = images[round.httpCalls]!;
      const grpcCall = stack
        .grpc()
        .extractText(
          { image: { data: Buffer.from(grpcImage.bytes), filename: grpcImage.filename }, options: { language: 'en' } },
          new Metadata(),
          { deadline: Date.now() + 20_000 },
        );
      // Their failures are asserted below; this only keeps a failed round from leaving them unhandled.
      void Promise.allSettled([...httpCalls, grpcCall]);
      // Every call is in flight once the worker has taken its job.
      const inFlight = round.httpCalls + 1;
      assert.equal(
        await until(() => Promise.resolve(stack.workerLines('"job started"').length), inFlight, 10_000, 20),
        inFlight,
      );

      const signalledAt = Date.now();
      stack.gateway.child.kill('SIGTERM');
      // New connections are refused once the listener has closed.
      await until(() => readyz(url), 'down', 3_000, 20);
      const late = images[round.httpCalls + 1]!;
      const lateHttp = await extractText(url, late).then(
        (res) => String(res.status),
        () => 'refused',
      );
      assert.ok(lateHttp === 'refused' || lateHttp === '503', `a call after SIGTERM got ${lateHttp}`);
      const lateGrpc = await grpcLate
        .extractText({ image: { data: Buffer.from(late.bytes) } }, new Metadata(), { deadline: Date.now() + 3_000 })
        .then(
          () => 'OK',
          (error: ServiceError) => status[error.code],
        );
      assert.equal(lateGrpc, 'UNAVAILABLE', 'a gRPC call after SIGTERM');

      const answered = await Promise.all(httpCalls);
      assert.deepEqual(
        answered,
        images.slice(0, round.httpCalls).map((image) => ({ status: 200, text: image.expectedText })),
      );
      assert.equal((await grpcCall).text, grpcImage.expectedText);
      const exitCode = await stack.gateway.exited();
      const tookMs = Date.now() - signalledAt;
      assert.equal(exitCode, 0, stack.gateway.logs.slice(-5).join('\n'));
      assert.ok(tookMs < GRACE_MS, `exit took ${tookMs} ms (grace ${GRACE_MS} ms)`);
    } finally {
      grpcLate.close();
      await stack.stop();
    }
  });
}
