import { test } from 'node:test';
import assert from 'node:assert/strict';
import { int8SupportFrom, int8WeightBits } from './cpu-int8-support.js';

const cpuinfo = (flags: string): string =>
  `processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC\nflags\t\t: ${flags}\nbogomips\t: 5192.29\n`;

test('a CPU with VNNI runs int8 fast, and says which flag told', () => {
  assert.deepEqual(int8SupportFrom(cpuinfo('fpu sse avx2 avx512f avx512_vnni avx512_bf16')), {
    kind: 'vnni',
    detail: 'the CPU has avx512_vnni',
  });
  assert.equal(int8SupportFrom(cpuinfo('sse avx2 avx_vnni')).kind, 'vnni');
  assert.equal(int8WeightBits(int8SupportFrom(cpuinfo('sse avx2 avx_vnni'))), 8);
});

test('AVX2 or AVX-512 without VNNI is the AVX2 kind, with 7-bit weights', () => {
  const zen3 = int8SupportFrom(cpuinfo('fpu sse sse2 avx avx2 fma'));
  assert.deepEqual(zen3, { kind: 'avx2', detail: 'the CPU has AVX2 but no VNNI' });
  assert.equal(int8WeightBits(zen3), 7);
  const skylake = int8SupportFrom(cpuinfo('avx2 avx512f avx512bw avx512vl'));
  assert.equal(skylake.kind, 'avx2');
  assert.deepEqual(int8SupportFrom(cpuinfo('fpu sse sse2 avx')), {
    kind: 'none',
    detail: 'the CPU has neither VNNI nor AVX2',
  });
});

test('no /proc/cpuinfo (macOS), or one without x86 flags (arm64), offers int8 nothing', () => {
  for (const support of [
    int8SupportFrom(undefined),
    int8SupportFrom('processor\t: 0\nFeatures\t: fp asimd asimddp\n'),
  ]) {
    assert.equal(support.kind, 'none');
  }
});
