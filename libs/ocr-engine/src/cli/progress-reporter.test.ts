import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProgressReporter, formatDuration, formatProgress } from './progress-reporter.js';

function recorder(isTTY: boolean): { stream: { write: (t: string) => void; isTTY: boolean }; text: () => string } {
  const chunks: string[] = [];
  return { stream: { write: (t) => chunks.push(t), isTTY }, text: () => chunks.join('') };
}

test('a progress line has the count, the share, the rate and the time left', () => {
  assert.equal(formatProgress(10, 40, 5_000, false), '10/40 images (25%) 2.0/s ETA 15s');
  assert.equal(formatProgress(0, 4, 0, true), '[------------------------] 0/4 images (0%) 0.0/s ETA ?');
  assert.match(formatProgress(4, 4, 2_000, true), /^\[#{24}\] 4\/4 images \(100%\) 2\.0\/s ETA 0s$/);
  assert.deepEqual([formatDuration(59), formatDuration(61), formatDuration(3_700)], ['59s', '1m01s', '1h01m']);
});

test('on a terminal the line is redrawn in place after each image and ends with a newline', () => {
  let t = 0;
  const out = recorder(true);
  const progress = new ProgressReporter(2, out.stream, { now: () => t });
  t = 1_000;
  progress.tick();
  progress.clear();
  t = 2_000;
  progress.tick();
  progress.finish();
  assert.equal(out.text().split('\r\x1b[K').filter(Boolean).length, 3);
  assert.ok(out.text().endsWith('2/2 images (100%) 1.0/s ETA 0s\n'));
});

test('elsewhere a plain line is printed every interval, without control characters', () => {
  let t = 0;
  const out = recorder(false);
  const progress = new ProgressReporter(30, out.stream, { intervalMs: 10_000, now: () => t });
  for (let i = 0; i < 30; i++) {
    t += 1_000;
    progress.tick();
  }
  progress.finish();
  const lines = out.text().trimEnd().split('\n');
  assert.deepEqual(lines, [
    'progress: 10/30 images (33%) 1.0/s ETA 20s',
    'progress: 20/30 images (67%) 1.0/s ETA 10s',
    'progress: 30/30 images (100%) 1.0/s ETA 0s',
  ]);
  assert.ok(!out.text().includes('\r') && !out.text().includes('\x1b'));
});

test('a quick run off a terminal prints nothing at all', () => {
  const out = recorder(false);
  const progress = new ProgressReporter(3, out.stream, { now: () => 0 });
  progress.tick();
  progress.finish();
  assert.equal(out.text(), '');
});

test('a label names the phase and a unit names what is counted, on a terminal and off it', () => {
  let t = 0;
  const tty = recorder(true);
  const onTerminal = new ProgressReporter(4, tty.stream, { label: 'chaos', unit: 'jobs', now: () => t });
  t = 1_000;
  onTerminal.tick(2);
  onTerminal.finish();
  assert.ok(tty.text().endsWith('\r\x1b[Kchaos: [############------------] 2/4 jobs (50%) 2.0/s ETA 1s\n'));

  const log = recorder(false);
  const offTerminal = new ProgressReporter(4, log.stream, {
    label: 'chaos',
    unit: 'jobs',
    intervalMs: 500,
    now: () => t,
  });
  t = 2_000;
  offTerminal.tick();
  assert.equal(log.text(), 'progress (chaos): 1/4 jobs (25%) 1.0/s ETA 3s\n');
});

test('off a terminal the final count is not printed twice', () => {
  let t = 0;
  const out = recorder(false);
  const progress = new ProgressReporter(2, out.stream, { intervalMs: 1_000, now: () => t });
  t = 500;
  progress.tick();
  t = 2_000;
  progress.tick();
  progress.finish();
  assert.equal(out.text(), 'progress: 2/2 images (100%) 1.0/s ETA 0s\n');
});
