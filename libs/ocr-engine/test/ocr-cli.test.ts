import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INVOICE_LINES, INVOICE_SIZE, INVOICE_TEXT, renderText } from './render-text.js';

/**
 * `npm run ocr` as a user runs it, with no Redis and no server: a folder expands to the images in
 * it (in name order, other files skipped), each image prints one JSON line in input order, and a
 * file that is not an image fails alone and makes the exit code 1.
 */
const CLI = resolve(fileURLToPath(import.meta.url), '../../src/cli/ocr-cli.js');
let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ocr-cli-'));
  mkdirSync(join(dir, 'scans'));
  writeFileSync(join(dir, 'scans', 'b-invoice.png'), await renderText(INVOICE_LINES, INVOICE_SIZE));
  writeFileSync(
    join(dir, 'scans', 'a-line.jpg'),
    await renderText([{ text: 'Order 4471 shipped', x: 20, y: 45, size: 28 }], {
      width: 360,
      height: 70,
      format: 'jpeg',
    }),
  );
  writeFileSync(join(dir, 'scans', 'readme.txt'), 'skipped: not an image extension');
  writeFileSync(join(dir, 'notes.png'), 'named like an image, but text');
});
after(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, OCR_INFERENCE_THREADS: '2' },
    timeout: 120_000,
  });

test('--json on a folder and a file: one line per image, in order, with the text and the fields documented', () => {
  const cli = run(['--json', join(dir, 'scans'), join(dir, 'notes.png')]);
  assert.equal(cli.status, 1, cli.stderr);
  const lines = cli.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(
    lines.map((l) => l.file),
    [join(dir, 'scans', 'a-line.jpg'), join(dir, 'scans', 'b-invoice.png'), join(dir, 'notes.png')],
  );
  assert.deepEqual(Object.keys(lines[0]!).sort(), ['boxes', 'file', 'lines', 'ms', 'overall_confidence', 'text']);
  assert.equal(lines[0]!.text, 'Order 4471 shipped');
  assert.deepEqual(lines[1]!.lines, INVOICE_TEXT);
  // Right-aligned amounts are boxes of their own on their label's line.
  assert.ok((lines[1]!.boxes as unknown[]).length >= INVOICE_TEXT.length);
  assert.deepEqual((lines[2]!.error as { code: string }).code, 'IMAGE_UNREADABLE');
});

test('without --json it prints each text under a header, and problems go to stderr', () => {
  const cli = run([join(dir, 'scans', 'a-line.jpg'), join(dir, 'notes.png')]);
  assert.equal(cli.status, 1);
  assert.equal(cli.stdout, `==> ${join(dir, 'scans', 'a-line.jpg')} <==\nOrder 4471 shipped\n`);
  assert.match(cli.stderr, /notes\.png: IMAGE_UNREADABLE: /);
});
