import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { JobAccepted, JobView } from '@ocr-pool/contracts';
import { KEYS, StackFixture, form, json, png } from './stack-fixture.js';
import { launchChromium } from './headless-chromium.js';

/**
 * Bull Board at /admin/queues: opened by the admin keys only, absent without any key, and usable
 * in a real headless Chromium (the OS's; never a downloaded browser) that signs in the way a person
 * would, with the browser's own Basic-auth credentials.
 */
const ADMIN_KEY = 'ops-admin-key-0123456789abcdef';
const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

let stack: StackFixture;
before(async () => {
  stack = await StackFixture.open({
    gatewayEnv: { API_KEYS: `alice:${KEYS.alice}`, ADMIN_API_KEYS: `ops:${ADMIN_KEY}` },
  });
});
after(() => stack.close());

test('the board asks for the admin key: none or a wrong one is a 401 with a Basic challenge; a tenant key is refused', async () => {
  const refused: Array<Record<string, string>> = [
    {},
    { authorization: basic('ops', 'not-the-admin-key-at-all') },
    { authorization: `Bearer ${KEYS.alice}` },
  ];
  for (const headers of refused) {
    const res = await stack.request('/admin/queues', { headers });
    assert.equal(res.status, 401, JSON.stringify(headers));
    assert.match(res.headers.get('www-authenticate') ?? '', /^Basic realm="ocr-pool admin"/);
  }
  const accepted: Array<Record<string, string>> = [
    { authorization: basic('anyone', ADMIN_KEY) },
    { authorization: `Bearer ${ADMIN_KEY}` },
    { 'x-api-key': ADMIN_KEY },
  ];
  for (const headers of accepted) {
    const res = await stack.request('/admin/queues', { headers });
    assert.equal(res.status, 200, JSON.stringify(headers));
    assert.match(await res.text(), /<title>ocr-pool<\/title>/);
  }
  // The admin key is not an API key.
  assert.equal((await stack.request('/v1/languages', { key: ADMIN_KEY })).status, 401);
});

test('without any key the board does not exist', async () => {
  const open = await StackFixture.open({ worker: 'none' });
  try {
    assert.equal((await open.request('/admin/queues')).status, 404);
    assert.equal((await open.request('/admin/queues/api/queues')).status, 404);
  } finally {
    await open.close();
  }
});

test("with API_KEYS only the board does not exist: a tenant key never sees other tenants' jobs", async () => {
  const tenantsOnly = await StackFixture.open({ worker: 'none', gatewayEnv: { API_KEYS: `alice:${KEYS.alice}` } });
  try {
    const auth = { authorization: basic('alice', KEYS.alice) };
    assert.equal((await tenantsOnly.request('/admin/queues', { headers: auth })).status, 404);
    assert.equal((await tenantsOnly.request('/admin/queues/api/queues', { headers: auth })).status, 404);
    const empty = await tenantsOnly.request('/admin/queues/api/queues/ocr/empty', { method: 'PUT', headers: auth });
    assert.equal(empty.status, 404);
  } finally {
    await tenantsOnly.close();
  }
});

test('in headless Chromium the board loads, lists the ocr queue, and shows a completed job', async () => {
  const submitted = await stack.request('/v1/jobs', {
    method: 'POST',
    key: KEYS.alice,
    body: form({}, [{ field: 'image', bytes: await png(44, 24) }]),
  });
  const { id } = await json<JobAccepted>(submitted);
  const view = await json<JobView>(await stack.request(`/v1/jobs/${id}?wait=10`, { key: KEYS.alice }));
  assert.equal(view.status, 'completed');

  const browser = await launchChromium({ username: 'ops', password: ADMIN_KEY });
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    const response = await page.goto(`${stack.url}/admin/queues`);
    assert.equal(response?.status(), 200);
    assert.equal(await page.title(), 'ocr-pool');

    // The sidebar and the overview both link the queue, and either may render first.
    const queueLink = page.getByRole('link', { name: 'ocr', exact: true }).first();
    await queueLink.waitFor();
    await queueLink.click();
    await page.getByRole('heading', { name: 'ocr' }).waitFor();

    await page.getByRole('link', { name: /completed/i }).click();
    await page.waitForURL(/status=completed/);
    const job = page.getByText(id, { exact: true });
    await job.waitFor();
    assert.equal(await job.count(), 1);
  } finally {
    await browser.close();
  }
});
