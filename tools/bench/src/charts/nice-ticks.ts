/**
 * Axis ticks at round values (1, 2 or 5 times a power of ten) that cover a data range, the way
 * a person would label an axis by hand. Pure arithmetic: the axes and their tests build on it.
 */
export function niceStep(span: number, target: number): number {
  const raw = span / Math.max(1, target);
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
}

/** Ticks from at or below `min` to at or above `max`, about `target` intervals apart. */
export function niceTicks(min: number, max: number, target = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) throw new RangeError(`axis range ${min}..${max} is not finite`);
  if (max < min) [min, max] = [max, min];
  // A flat series still needs an axis: open it upwards from its one value.
  if (max === min) max = min === 0 ? 1 : min + Math.abs(min);
  const step = niceStep(max - min, target);
  const first = Math.floor(min / step + 1e-9);
  const last = Math.ceil(max / step - 1e-9);
  const ticks: number[] = [];
  // Multiplying (not adding) keeps 0.1 + 0.2 style drift out of the labels.
  for (let i = first; i <= last; i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}

/**
 * Ticks at 1, 2 and 5 of each decade (only the powers of ten over more than four decades), from
 * the last one at or below `min` to the first at or above `max`, both > 0.
 */
export function logTicks(min: number, max: number): number[] {
  if (!(min > 0) || !(max > 0)) throw new RangeError(`a log axis needs positive values, got ${min}..${max}`);
  if (max < min) [min, max] = [max, min];
  const lo = Math.floor(Math.log10(min));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(max)));
  const steps = hi - lo > 4 ? [1] : [1, 2, 5];
  const all: number[] = [];
  for (let d = lo; d <= hi; d++) for (const s of steps) all.push(Number((s * 10 ** d).toPrecision(12)));
  const first = all.findLastIndex((t) => t <= min);
  const last = all.findIndex((t) => t >= max);
  return all.slice(Math.max(0, first), last < 0 ? undefined : Math.max(last, first + 1) + 1);
}

/** A tick label with as many decimals as the step between ticks needs, and no more. */
export function formatTick(value: number, step: number): string {
  if (value === 0) return '0';
  const decimals = step > 0 ? Math.max(0, -Math.floor(Math.log10(step) + 1e-9)) : 0;
  return value.toFixed(Math.min(decimals, 6));
}
