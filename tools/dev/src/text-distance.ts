/**
 * Edit distance between two texts in Unicode code points (a Hangul syllable or a CJK character
 * counts once), the numerator of every character error rate the tests and benchmarks report.
 */
export function levenshtein(a: string, b: string): number {
  const A = Array.from(a),
    B = Array.from(b);
  if (A.length === 0) return B.length;
  if (B.length === 0) return A.length;
  let prev = new Int32Array(B.length + 1);
  let cur = new Int32Array(B.length + 1);
  for (let j = 0; j <= B.length; j++) prev[j] = j;
  for (let i = 1; i <= A.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= B.length; j++) {
      const sub = prev[j - 1]! + (A[i - 1] === B[j - 1] ? 0 : 1);
      cur[j] = Math.min(sub, prev[j]! + 1, cur[j - 1]! + 1);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[B.length]!;
}

/** Edits per character of the truth. */
export function characterErrorRate(predicted: string, truth: string): number {
  return levenshtein(predicted, truth) / Math.max(1, Array.from(truth).length);
}
