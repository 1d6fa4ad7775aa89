import ort from 'onnxruntime-node';
import { quantile } from './stats.js';

/**
 * The median `session.run` time of a model on one onnxruntime thread, after `warmUps` untimed
 * runs. Session options beyond the thread count are the caller's (the models benchmark keeps
 * onnxruntime's defaults; the int8 benchmark turns the memory arena off as the engine does).
 */
export async function medianRunMs(
  bytes: Uint8Array,
  input: ort.Tensor,
  {
    runs,
    warmUps = 1,
    options = {},
  }: { runs: number; warmUps?: number; options?: ort.InferenceSession.SessionOptions },
): Promise<number> {
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, logSeverityLevel: 3, ...options });
  const feeds = { [session.inputNames[0]!]: input };
  for (let i = 0; i < warmUps; i++) await session.run(feeds);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await session.run(feeds);
    times.push(performance.now() - t0);
  }
  await session.release();
  return quantile(times, 0.5)!;
}
