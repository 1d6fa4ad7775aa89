import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { KEYS, StackFixture, receipt } from './stack-fixture.js';
import { launchChromium } from './headless-chromium.js';

/**
 * The demo page at `/`, in headless Chromium against a gateway and a real-engine worker: a person
 * picks an image, types the API key, and sees the text, the boxes over the image and the timings.
 * The screenshot is left in test-output/ at the repository root for eyes and CI artifacts.
 */
const OUTPUT = fileURLToPath(new URL('../../../../test-output/', import.meta.url));

let stack: StackFixture;
before(async () => {
  stack = await StackFixture.open({ worker: 'real', gatewayEnv: { API_KEYS: `alice:${KEYS.alice}` } });
});
after(() => stack.close());

test('/ serves the demo page without a key, and /docs stays the API docs', async () => {
  const page = await stack.request('/');
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<title>ocr-pool demo<\/title>/);
  assert.equal((await stack.request('/demo/demo.js')).status, 200);
  assert.match(await (await stack.request('/docs')).text(), /swagger-ui/);
});

test('in headless Chromium an uploaded image comes back as its text with boxes over it', async () => {
  const browser = await launchChromium();
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.setViewportSize({ width: 1280, height: 720 });
    assert.equal((await page.goto(`${stack.url}/`))?.status(), 200);
    // Nothing to show before an upload: no empty result panel with a broken image.
    assert.equal(await page.locator('#result').isVisible(), false);
    await page
      .locator('#image')
      .setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: Buffer.from(await receipt()) });
    await page.locator('#api-key').fill(KEYS.alice);
    await page.locator('#submit').click();
    await page.locator('#status', { hasText: 'completed' }).waitFor({ timeout: 60_000 });

    const texts = await page.locator('#boxes li').allTextContents();
    assert.deepEqual(
      texts.map((t) => t.replace(/ \(\d\.\d\d\)$/, '')),
      ['Harbor Street Supplies', 'Total due', '49.70'],
    );
    assert.equal(await page.locator('#overlay polygon').count(), 3);
    assert.match((await page.locator('#timings').textContent()) ?? '', /recognize/);
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: `${OUTPUT}demo-page.png`, fullPage: true });
  } finally {
    await browser.close();
  }
});

test('without the key the page says what the API answered', async () => {
  const browser = await launchChromium();
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto(`${stack.url}/`);
    await page
      .locator('#image')
      .setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: Buffer.from(await receipt()) });
    await page.locator('#submit').click();
    await page.locator('#status.error', { hasText: '401 UNAUTHORIZED' }).waitFor({ timeout: 10_000 });
  } finally {
    await browser.close();
  }
});
