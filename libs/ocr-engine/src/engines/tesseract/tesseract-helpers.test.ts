import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRgbImage } from '../../image/rgb-image.js';
import { parseLanguageList } from './tesseract-install.js';
import { MAX_STACK_HEIGHT, STACK_GAP, stackGroups, stackLines } from './stack-lines.js';
import { cropTexts } from './tsv-lines.js';
import { codeForTesseract } from './tesseract-engine.js';

test('installed languages come from --list-langs, without osd', () => {
  assert.deepEqual(parseLanguageList('List of available languages in "/usr/share/tessdata/" (3):\neng\nkor\nosd\n'), [
    'eng',
    'kor',
  ]);
});

test("tesseract's names map to our canonical codes", () => {
  assert.equal(codeForTesseract('kor'), 'ko');
  assert.equal(codeForTesseract('chi_tra'), 'chinese_cht');
  assert.equal(codeForTesseract('xyz'), 'xyz');
});

test('lines stack top to bottom as grayscale PGM, with their rows recorded', () => {
  const a = createRgbImage(4, 2),
    b = createRgbImage(2, 3);
  a.data.fill(0);
  const stack = stackLines([a, b]);
  assert.deepEqual(stack.rows, [
    { top: STACK_GAP, bottom: STACK_GAP + 2 },
    { top: 2 * STACK_GAP + 2, bottom: 2 * STACK_GAP + 5 },
  ]);
  const header = `P5\n${stack.width} ${stack.height}\n255\n`;
  assert.equal(new TextDecoder().decode(stack.pgm.subarray(0, header.length)), header);
  const pixel = (x: number, y: number): number => stack.pgm[header.length + y * stack.width + x]!;
  assert.equal(pixel(10, STACK_GAP), 0); // the black first crop, after the left margin
  assert.equal(pixel(0, 0), 255);
});

test('plain-text lines go to the crops that hold their TSV line, keeping the spacing tesseract chose', () => {
  const tsv = [
    'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext',
    '4\t1\t1\t1\t1\t0\t10\t16\t100\t36\t-1\t',
    '5\t1\t1\t1\t1\t1\t10\t16\t20\t36\t90\t보',
    '5\t1\t1\t1\t1\t2\t34\t16\t40\t36\t80\t조배터리',
    '4\t1\t1\t1\t2\t0\t10\t120\t100\t36\t-1\t',
    '5\t1\t1\t1\t2\t1\t10\t120\t60\t36\t70\t16개',
  ].join('\n');
  const texts = cropTexts('보조배터리\n\n16개\n', tsv, [
    { top: 16, bottom: 52 },
    { top: 68, bottom: 104 },
    { top: 120, bottom: 156 },
  ]);
  assert.deepEqual(texts, [
    { text: '보조배터리', confidence: 0.85 },
    { text: '', confidence: 0 },
    { text: '16개', confidence: 0.7 },
  ]);
});

test('a dense page is stacked in runs that each stay under the height tesseract accepts, in order', () => {
  const crops = Array.from({ length: 700 }, (_, i) => ({ height: 36, id: i }));
  const groups = stackGroups(crops);
  assert.ok(groups.length >= 2);
  for (const group of groups) assert.ok(STACK_GAP + group.length * (36 + STACK_GAP) <= MAX_STACK_HEIGHT);
  assert.deepEqual(
    groups.flat().map((c) => c.id),
    crops.map((c) => c.id),
  );
  assert.deepEqual(stackGroups([]), []);
  // A crop taller than the limit still goes, alone.
  assert.deepEqual(
    stackGroups([{ height: 40_000 }, { height: 10 }]).map((g) => g.length),
    [1, 1],
  );
});
