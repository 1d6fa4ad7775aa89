import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeXml } from './escape-xml.js';

test('markup characters are escaped and characters XML forbids are dropped', () => {
  assert.equal(
    escapeXml(`<a href="x">Tom & Jerry's</a>`),
    '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;',
  );
  assert.equal(escapeXml('bell\u0007 tab\t nl\n'), 'bell tab\t nl\n');
  assert.equal(escapeXml('한국어 @gutenye/ocr-node 😀'), '한국어 @gutenye/ocr-node 😀');
  assert.equal(escapeXml('half \ud800 pair'), 'half  pair');
});
