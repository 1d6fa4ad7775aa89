import { test } from 'node:test';
import assert from 'node:assert/strict';
import { int8SupportFrom } from './cpu-int8-support.js';

const cpuinfo = (flags: string): string =>
  `processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC\nflags\t\t: ${flags}\nbogomips\t: 5192.29\n`;

test('a CPU with VNNI runs int8 fast, and says which flag told', () => {
  assert.deepEqual(int8SupportFrom(cpuinfo('fpu sse avx2 avx512f avx512_vnni avx512_bf16')), {
    fast: true,
    avx2: true,
    detail: 'the CPU has avx512_vnni',
  });
  assert.equal(int8SupportFrom(cpuinfo('sse avx2 avx_vnni')).fast, true);
});

test('AVX2 or AVX-512 without VNNI is not fast at int8, but has AVX2', () => {
  const zen3 = int8SupportFrom(cpuinfo('fpu sse sse2 avx avx2 fma'));
  assert.deepEqual(zen3, { fast: false, avx2: true, detail: 'the CPU has AVX2 but no VNNI' });
  const skylake = int8SupportFrom(cpuinfo('avx2 avx512f avx512bw avx512vl'));
  assert.equal(skylake.fast, false);
  assert.equal(skylake.avx2, true);
  assert.deepEqual(int8SupportFrom(cpuinfo('fpu sse sse2 avx')), {
    fast: false,
    avx2: false,
    detail: 'the CPU has neither VNNI nor AVX2',
  });
});

test('no /proc/cpuinfo (macOS), or one without x86 flags (arm64), offers int8 nothing', () => {
  for (const support of [
    int8SupportFrom(undefined),
    int8SupportFrom('processor\t: 0\nFeatures\t: fp asimd asimddp\n'),
  ]) {
    assert.equal(support.fast, false);
    assert.equal(support.avx2, false);
  }
});
