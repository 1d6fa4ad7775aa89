import { formatTick, logTicks, niceTicks } from './nice-ticks.js';

/**
 * Maps data values to pixels along one axis, with the ticks and labels that go with it. Linear
 * axes round their ends out to nice ticks (and include zero when asked, as bars must); log axes
 * span whole decades. The chart modules never do this arithmetic themselves.
 */
export type ScaleKind = 'linear' | 'log';

export interface AxisScale {
  /** Pixel position of `value` (log axes clamp non-positive values to the axis start). */
  map(value: number): number;
  ticks: number[];
  label(value: number): string;
  kind: ScaleKind;
}

export interface AxisOptions {
  kind?: ScaleKind;
  /** Linear axes only: stretch the range to 0 (bars grow from zero). */
  includeZero?: boolean;
  /** Fixed ticks, e.g. the worker counts measured; the range then spans them and the data. */
  ticks?: readonly number[];
}

/** `range` is [pixel of the lowest value, pixel of the highest]; it may run backwards (SVG's y grows downwards). */
export function axisScale(
  values: readonly number[],
  range: readonly [number, number],
  options: AxisOptions = {},
): AxisScale {
  const kind = options.kind ?? 'linear';
  const finite = values.filter((v) => Number.isFinite(v) && (kind === 'linear' || v > 0));
  const given = options.ticks ? [...options.ticks].sort((a, b) => a - b) : undefined;
  const [r0, r1] = range;
  if (kind === 'log') {
    const all = [...finite, ...(given ?? [])];
    const ticks = given ?? (all.length ? logTicks(Math.min(...all), Math.max(...all)) : [1, 10]);
    const lo = Math.log10(Math.min(...ticks, ...all));
    const hi = Math.log10(Math.max(...ticks, ...all));
    const span = hi > lo ? hi - lo : 1;
    return {
      kind,
      ticks,
      map: (v) => r0 + ((Math.log10(v > 0 ? v : 10 ** lo) - lo) / span) * (r1 - r0),
      label: (v) => formatTick(v, v),
    };
  }
  let lo = Math.min(...finite, ...(given ?? []), ...(options.includeZero ? [0] : []));
  let hi = Math.max(...finite, ...(given ?? []), ...(options.includeZero ? [0] : []));
  if (!Number.isFinite(lo)) [lo, hi] = [0, 1];
  const ticks = given ?? niceTicks(lo, hi);
  if (!given) [lo, hi] = [ticks[0]!, ticks.at(-1)!];
  const span = hi > lo ? hi - lo : 1;
  const step = ticks.length > 1 ? Math.min(...ticks.slice(1).map((t, i) => t - ticks[i]!)) : Math.abs(ticks[0] ?? 1);
  return {
    kind,
    ticks,
    map: (v) => r0 + ((v - lo) / span) * (r1 - r0),
    label: (v) => formatTick(v, step),
  };
}
