import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  KOREAN_TESSERACT_PACKAGE,
  TEST_PACKAGES,
  ensureOsPackage,
  installHint,
  type OsPackage,
} from './os-packages.js';

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

test("on a machine npm test's pretest (or .ci/run) prepared, every test prerequisite reads as installed", () => {
  // A wrong probe would make every `npm test` try apt-get again, or miss a package that is gone.
  const missing = TEST_PACKAGES.filter((pkg) => !pkg.installed()).map((pkg) => pkg.debian.join(' '));
  assert.deepEqual(missing, []);
});
