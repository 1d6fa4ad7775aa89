/**
 * Reads Prometheus' text exposition format into `name{labels}` -> value, enough for assertions on
 * our own metrics (promtool checks the format itself).
 */
export type Samples = Map<string, number>;

export function parseSamples(text: string): Samples {
  const samples: Samples = new Map();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*(?:\{.*\})?) (\S+)$/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    samples.set(match[1]!, Number(match[2]));
  }
  return samples;
}

/** The value of one sample, failing the test when it is missing. */
export function sample(samples: Samples, key: string): number {
  const value = samples.get(key);
  if (value === undefined) throw new Error(`no sample ${key}`);
  return value;
}
