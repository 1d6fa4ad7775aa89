import { z } from 'zod';

export const pointSchema = z
  .tuple([z.number(), z.number()])
  .describe('A point in image pixels, `[x, y]`, origin at the top-left corner.');

export const quadSchema = z
  .tuple([pointSchema, pointSchema, pointSchema, pointSchema])
  .describe(
    'Corners in the reading order of the text itself: top-left, top-right, bottom-right, bottom-left as the text reads (for an upside-down line the first corner is at the bottom-right of the image).',
  );

/** A point in image pixel coordinates: `[x, y]`, origin at the top-left corner. */
export type Point = z.infer<typeof pointSchema>;

/**
 * A text box as four corners in reading order of the text itself (so for an upside-down line the
 * "top-left" corner is at the bottom-right of the image).
 */
export type Quad = z.infer<typeof quadSchema>;
