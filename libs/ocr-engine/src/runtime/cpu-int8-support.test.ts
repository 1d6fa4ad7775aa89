import { test } from 'node:test';
import assert from 'node:assert/strict';
import { int8SupportFrom } from './cpu-int8-support.js';

const cpuinfo = (flags: string): string =>
  `processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC\nflags\t\t: ${flags}\nbogomips\t: 5192.29\n`;

test('a CPU with VNNI runs int8 fast, and says which flag told', () => {
  assert.deepEqual(int8SupportFrom(cpuinfo('fpu sse avx2 avx512f avx512_vnni avx512_bf16')), {
    fast: true,
    detail: 'the CPU has avx512_vnni',
  });
  assert.equal(int8SupportFrom(cpuinfo('sse avx2 avx_vnni')).fast, true);
});

test('AVX2 or AVX-512 without VNNI is not fast at int8', () => {
  const zen3 = int8SupportFrom(cpuinfo('fpu sse sse2 avx avx2 fma'));
  assert.equal(zen3.fast, false);
  assert.match(zen3.detail, /no VNNI/);
  assert.equal(int8SupportFrom(cpuinfo('avx2 avx512f avx512bw avx512vl')).fast, false);
});

test('no /proc/cpuinfo (macOS), or one without x86 flags (arm64), is not fast at int8', () => {
  assert.equal(int8SupportFrom(undefined).fast, false);
  assert.equal(int8SupportFrom('processor\t: 0\nFeatures\t: fp asimd asimddp\n').fast, false);
});
