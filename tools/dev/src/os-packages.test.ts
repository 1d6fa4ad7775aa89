import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KOREAN_TESSERACT_PACKAGE, ensureOsPackage, installHint, type OsPackage } from './os-packages.js';

test('a package already present is left alone and nothing is logged', () => {
  const lines: string[] = [];
  const present: OsPackage = { debian: ['x'], brew: ['x'], purpose: 'testing', installed: () => true };
  assert.equal(
    ensureOsPackage(present, (l) => lines.push(l)),
    'present',
  );
  assert.deepEqual(lines, []);
});

test('the install hint names the packages for this platform', () => {
  const hint = installHint(KOREAN_TESSERACT_PACKAGE);
  assert.equal(
    hint,
    process.platform === 'darwin'
      ? 'brew install tesseract tesseract-lang'
      : 'sudo apt-get install tesseract-ocr tesseract-ocr-kor',
  );
});
