import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CliUsageError, parseCliArgs } from './cli-args.js';
import { drawPath } from './draw-path.js';

test('defaults: English, threshold 0.5, angle classification on, text output', () => {
  assert.deepEqual(parseCliArgs(['a.png']), {
    json: false,
    language: 'en',
    confidenceThreshold: 0.5,
    useAngleCls: true,
    drawDir: null,
    via: null,
    apiKey: null,
    inFlight: null,
    inputs: ['a.png'],
    help: false,
  });
});

test('--via takes a gateway base URL (with a key and images in flight); bad values say what to give', () => {
  const args = parseCliArgs(['--via', 'http://127.0.0.1:3000/', '--key', 'k1', '--in-flight', '16', 'scans']);
  assert.deepEqual([args.via, args.apiKey, args.inFlight], ['http://127.0.0.1:3000', 'k1', 16]);
  assert.equal(parseCliArgs(['--via', 'https://ocr.example.com/ocr/', 'a.png']).via, 'https://ocr.example.com/ocr');
  assert.throws(() => parseCliArgs(['--via', 'localhost:3000', 'a.png']), /http:\/\/ or https:\/\/ URL/);
  assert.throws(() => parseCliArgs(['--via', '127.0.0.1:3000', 'a.png']), /base URL, like http:\/\/127\.0\.0\.1:3000/);
  assert.throws(() => parseCliArgs(['--in-flight', '0', 'a.png']), /1 to 256, got 0/);
  assert.throws(() => parseCliArgs(['--key', 'k1', 'a.png']), /--key is for --via/);
});

test('options and files may come in any order', () => {
  const args = parseCliArgs(['--json', 'a.png', '--lang', 'ch', 'dir', '--threshold', '0.8', '--no-angle-cls']);
  assert.deepEqual(
    [args.json, args.language, args.confidenceThreshold, args.useAngleCls, args.inputs],
    [true, 'ch', 0.8, false, ['a.png', 'dir']],
  );
});

test('--draw names the folder for annotated images', () => {
  assert.equal(parseCliArgs(['--draw', 'out', 'a.png']).drawDir, 'out');
  assert.throws(() => parseCliArgs(['a.png', '--draw']), /--draw needs a value/);
});

test('bad usage says what is wrong', () => {
  assert.throws(() => parseCliArgs([]), CliUsageError);
  assert.throws(() => parseCliArgs(['--threshold', '2', 'a.png']), /0 to 1, got 2/);
  assert.throws(() => parseCliArgs(['--lang']), /--lang needs a value/);
  assert.throws(() => parseCliArgs(['--fast', 'a.png']), /unknown option --fast/);
});

test('annotations are named after the image, and same-named images do not overwrite each other', () => {
  const taken = new Set<string>();
  assert.equal(drawPath('out', 'scans/a.jpg', taken), join('out', 'a.annotated.png'));
  assert.equal(drawPath('out', 'more/a.png', taken), join('out', 'a-2.annotated.png'));
});
