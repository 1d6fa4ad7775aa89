import type { OcrResult } from '@ocr-pool/contracts';

/**
 * The two HTTP calls the stack benchmarks make, as the public API documents them: `POST
 * /extract_text` (wait for the result) and `POST /v1/jobs` (queue and return at once). Plain
 * fetch, no client library, so the figures include what any HTTP client pays.
 */
function imageForm(bytes: Uint8Array, language: string, filename: string): FormData {
  const body = new FormData();
  body.append('language', language);
  body.append('image', new Blob([bytes]), filename);
  return body;
}

/** Posts to `/extract_text`; the status is returned, not thrown, so benchmarks can count refusals. */
export async function extractText(
  baseUrl: string,
  bytes: Uint8Array,
  language: string,
  filename = 'image',
): Promise<{ status: number; body: string }> {
  const res = await fetch(`${baseUrl}/extract_text`, { method: 'POST', body: imageForm(bytes, language, filename) });
  return { status: res.status, body: await res.text() };
}

/** Posts to `/extract_text` and returns the result, throwing on any status but 200 (for runs that must all succeed). */
export async function readViaHttp(baseUrl: string, bytes: Uint8Array, language: string): Promise<OcrResult> {
  const { status, body } = await extractText(baseUrl, bytes, language);
  if (status !== 200) throw new Error(`HTTP ${status}: ${body}`);
  return JSON.parse(body) as OcrResult;
}

/** Queues a job through `/v1/jobs`: the status, and the job's id when it was accepted (202). */
export async function postJob(
  baseUrl: string,
  bytes: Uint8Array,
  language: string,
  filename = 'image',
): Promise<{ status: number; id?: string }> {
  const res = await fetch(`${baseUrl}/v1/jobs`, { method: 'POST', body: imageForm(bytes, language, filename) });
  const text = await res.text();
  return res.status === 202
    ? { status: res.status, id: (JSON.parse(text) as { id: string }).id }
    : { status: res.status };
}

/** Queues a job through `/v1/jobs`; resolves to its id, or undefined when the gateway refused it. */
export async function submitJob(
  baseUrl: string,
  bytes: Uint8Array,
  language: string,
  filename = 'image',
): Promise<string | undefined> {
  return (await postJob(baseUrl, bytes, language, filename)).id;
}
