import { basename, extname, join } from 'node:path';

/**
 * Where `--draw` writes an image's annotation: `<dir>/<name>.annotated.png`, with the input's
 * extension dropped. Images of one name from different folders would collide, so later ones get
 * `-2`, `-3`, ... from the `taken` set the caller keeps for the run.
 */
export function drawPath(dir: string, file: string, taken: Set<string>): string {
  const stem = basename(file, extname(file));
  let name = `${stem}.annotated.png`;
  for (let n = 2; taken.has(name); n++) name = `${stem}-${n}.annotated.png`;
  taken.add(name);
  return join(dir, name);
}
