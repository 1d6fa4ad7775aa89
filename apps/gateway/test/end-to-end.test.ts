import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { JobAccepted, JobView, OcrResult } from '@ocr-pool/contracts';
import { characterErrorRate, parseSamples, sample } from '@ocr-pool/dev';
import { StackFixture, form, json, receipt } from './stack-fixture.js';
import { OpenApiValidator } from './openapi-validator.js';

/** The whole path with the real engine: HTTP in, Redis, a worker process with the bundled models, text out. */
let stack: StackFixture;
before(async () => {
  stack = await StackFixture.open({ worker: 'real' });
});
after(() => stack.close());

test('an image sent to /extract_text comes back as its text, read by the real engine', async () => {
  const res = await stack.request('/extract_text', {
    method: 'POST',
    body: form({ language: 'en', use_angle_cls: 'true' }, [{ field: 'image', bytes: await receipt() }]),
  });
  assert.equal(res.status, 200);
  const result = await json<OcrResult>(res);
  const spec = await OpenApiValidator.fetch(stack.url);
  assert.deepEqual(spec.problems('POST', '/extract_text', res, result), [], 'the real result is the documented shape');
  assert.equal(result.text, 'Harbor Street Supplies\nTotal due 49.70');
  assert.equal(result.model.name, 'ppocr-v4-ch');
  assert.ok(result.overall_confidence > 0.9);
});

test('gRPC ExtractText returns the same text as HTTP, from the real engine', async () => {
  const client = stack.grpc();
  const result = await client.extractText({
    image: { data: Buffer.from(await receipt()) },
    options: { language: 'en' },
  });
  assert.equal(result.text, 'Harbor Street Supplies\nTotal due 49.70');
  assert.equal(result.model?.name, 'ppocr-v4-ch');
  assert.equal(result.text_boxes.length, 3);
  assert.ok(result.timings && result.timings.total_ms > 0);
});

test('the async API returns the same result through the queue', async () => {
  const { id } = await json<JobAccepted>(
    await stack.request('/v1/jobs', {
      method: 'POST',
      body: form({ language: 'en' }, [{ field: 'image', bytes: await receipt() }]),
    }),
  );
  const view = await json<JobView>(await stack.request(`/v1/jobs/${id}?wait=30`));
  assert.equal(view.status, 'completed');
  assert.deepEqual(view.result!.lines, ['Harbor Street Supplies', 'Total due 49.70']);
});

test('a phone photo stored sideways with an EXIF orientation is read upright', async () => {
  // Pixels turned a quarter left, with orientation 6 ("turn 90° clockwise to view"), as phones write them.
  const sideways = await sharp(await receipt())
    .rotate(-90)
    .jpeg({ quality: 92 })
    .withMetadata({ orientation: 6 })
    .toBuffer();
  assert.equal((await sharp(sideways).metadata()).width, 160, 'the stored pixels are sideways');
  const res = await stack.request('/extract_text', {
    method: 'POST',
    body: form({ language: 'en' }, [{ field: 'image', bytes: sideways, name: 'photo.jpg', type: 'image/jpeg' }]),
  });
  assert.equal(res.status, 200);
  const result = await json<OcrResult>(res);
  assert.equal(result.text, 'Harbor Street Supplies\nTotal due 49.70');
  assert.deepEqual([result.width, result.height], [640, 160]);
});

test('a truncated image is accepted by the gateway but fails in the worker with its code', async () => {
  const bytes = await receipt();
  const res = await stack.request('/extract_text', {
    method: 'POST',
    body: form({ language: 'en' }, [{ field: 'image', bytes: bytes.subarray(0, bytes.length - 200) }]),
  });
  assert.equal(res.status, 415);
  assert.equal(((await res.json()) as { code: string }).code, 'IMAGE_UNREADABLE');
});

test("the old client's exact request with language=korean gets 200 and the Korean text of a receipt", async () => {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="700" height="220"><rect width="100%" height="100%" fill="#fff"/>
    <text x="30" y="60" font-family="NanumGothic" font-size="32" fill="#111">영수증</text>
    <text x="30" y="120" font-family="NanumGothic" font-size="26" fill="#111">받는 분: 김민준</text>
    <text x="30" y="180" font-family="NanumGothic" font-size="26" fill="#111">주문번호: 36976516</text></svg>`;
  const image = new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());
  // requests.post(url, files={"image": f}, data={"language": "korean", "confidence_threshold": 0.5, "use_angle_cls": True})
  const res = await stack.request('/extract_text', {
    method: 'POST',
    body: form({ language: 'korean', confidence_threshold: '0.5', use_angle_cls: 'True' }, [
      { field: 'image', bytes: image, name: 'receipt.png' },
    ]),
  });
  assert.equal(res.status, 200);
  const result = await json<OcrResult>(res);
  assert.equal(result.model.engine, 'tesseract');
  assert.equal(result.language, 'ko');
  const truth = '영수증\n받는 분: 김민준\n주문번호: 36976516';
  assert.ok(characterErrorRate(result.text, truth) <= 0.05, result.text);
});

test("the worker's /metrics counts its inference threads' busy time and the model time inside it", async () => {
  const scrape = async () => parseSamples(await (await fetch(`${stack.worker!.url}/metrics`)).text());
  const before = await scrape();
  const res = await stack.request('/extract_text', {
    method: 'POST',
    body: form({ language: 'en' }, [{ field: 'image', bytes: await receipt() }]),
  });
  assert.equal(res.status, 200);
  const after = await scrape();
  const grew = (name: string) => sample(after, name) - sample(before, name);
  assert.equal(sample(after, 'ocr_worker_inference_threads'), 2);
  const busy = grew('ocr_worker_inference_busy_seconds_total');
  const model = grew('ocr_worker_model_run_seconds_total');
  assert.ok(model > 0, `model time grew by ${model} s`);
  assert.ok(model <= busy, `model time ${model} s is part of busy time ${busy} s`);
  // On CPU the recogniser reads one line crop per call, and it read each of the receipt's boxes.
  const boxes = (await json<OcrResult>(res)).text_boxes.length;
  const runs = grew('ocr_worker_recognizer_runs_total');
  assert.ok(runs >= boxes && boxes === 3, `recogniser ran ${runs} times for ${boxes} boxes`);
  assert.equal(grew('ocr_worker_recognizer_lines_total'), runs);
  // The angle classifier (on by default) reads windows of the lines in batches of up to 16 on CPU.
  const classifierRuns = grew('ocr_worker_classifier_runs_total');
  const windows = grew('ocr_worker_classifier_windows_total');
  assert.ok(classifierRuns >= 1 && windows >= boxes, `classifier ran ${classifierRuns} times on ${windows} windows`);
  assert.ok(windows <= classifierRuns * 16, `at most 16 windows per classifier call: ${windows} in ${classifierRuns}`);
});
