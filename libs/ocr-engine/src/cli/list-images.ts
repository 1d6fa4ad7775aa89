import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';

/** Files named on the command line, with folders expanded to the images directly inside them. */
const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.webp', '.tif', '.tiff', '.gif', '.avif']);

export function listImages(inputs: readonly string[]): string[] {
  return inputs.flatMap((input) => {
    if (!statSync(input).isDirectory()) return [input];
    return readdirSync(input)
      .filter((name) => IMAGE_EXTENSIONS.has(extname(name).toLowerCase()))
      .sort()
      .map((name) => join(input, name));
  });
}
