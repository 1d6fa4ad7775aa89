import { readFileSync } from 'node:fs';
import type { WeightBits } from './graph/quantise-recogniser.js';

/**
 * What this CPU offers onnxruntime's int8 kernels. With VNNI (`vpdpbusd`, on Intel since Cascade
 * Lake and AMD since Zen 4) an int8 convolution is about 4x the float one and sums in 32 bits.
 * Without it, the AVX2 kernels add pairs of products in 16 bits, which saturate with full int8
 * weights (so int8 there uses 7-bit weights), and gain less: on AMD Zen 3 machines the int8
 * recogniser ran 1.3-1.4x as fast as float, against 1.6x with VNNI (BENCHMARKS.md, "int8").
 * Read from /proc/cpuinfo on Linux; elsewhere (macOS, arm64) int8 is not chosen on its own.
 */
export interface Int8Support {
  /**
   * `vnni`: int8 at its best, with 8-bit weights. `avx2` (no VNNI): int8 with 7-bit weights, a
   * smaller gain. `none`: int8 was never measured to pay here.
   */
  kind: 'vnni' | 'avx2' | 'none';
  /** The flag that decided it, or why there is none. */
  detail: string;
}

const DOT_PRODUCT_FLAGS = ['avx512_vnni', 'avx_vnni', 'amx_int8'] as const;

export function int8SupportFrom(cpuinfo: string | undefined): Int8Support {
  if (cpuinfo === undefined) return { kind: 'none', detail: 'no /proc/cpuinfo to read CPU features from' };
  const flagLine = cpuinfo.split('\n').find((line) => /^flags\s*:/.test(line));
  if (!flagLine) return { kind: 'none', detail: 'no x86 feature flags in /proc/cpuinfo' };
  const flags = new Set(
    flagLine
      .slice(flagLine.indexOf(':') + 1)
      .trim()
      .split(/\s+/),
  );
  const found = DOT_PRODUCT_FLAGS.find((flag) => flags.has(flag));
  if (found) return { kind: 'vnni', detail: `the CPU has ${found}` };
  return flags.has('avx2')
    ? { kind: 'avx2', detail: 'the CPU has AVX2 but no VNNI' }
    : { kind: 'none', detail: 'the CPU has neither VNNI nor AVX2' };
}

/** Full int8 weights with VNNI; 7-bit ones elsewhere, where 16-bit pair sums (AVX2's) would saturate. */
export function int8WeightBits(support: Int8Support): WeightBits {
  return support.kind === 'vnni' ? 8 : 7;
}

let cached: Int8Support | undefined;

export function cpuInt8Support(): Int8Support {
  if (!cached) {
    let text: string | undefined;
    try {
      text = readFileSync('/proc/cpuinfo', 'utf8');
    } catch {
      text = undefined;
    }
    cached = int8SupportFrom(text);
  }
  return cached;
}
