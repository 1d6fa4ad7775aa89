import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readSvg } from './svg-reader.js';

test('the test reader refuses the mistakes an SVG writer can make', () => {
  const ok = '<svg xmlns="http://www.w3.org/2000/svg"><text x="1">a &amp; b</text></svg>';
  assert.equal(readSvg(ok).children[0]!.text, 'a & b');
  assert.throws(() => readSvg('<svg><text>a & b</text></svg>'), /bare "&"/);
  assert.throws(() => readSvg('<svg><text>a < b</text></svg>'), /bare "<"/);
  assert.throws(() => readSvg('<svg><g></svg>'), /closes/);
  assert.throws(() => readSvg('<svg><text x=1>a</text></svg>'), SyntaxError);
  assert.throws(() => readSvg('<svg><g>'), /never closed/);
});
