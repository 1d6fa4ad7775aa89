/** A point in image pixel coordinates: `[x, y]`, origin at the top-left corner. */
export type Point = [number, number];

/**
 * A text box as four corners in reading order of the text itself: top-left, top-right,
 * bottom-right, bottom-left as the text reads (so for an upside-down line the "top-left" corner is
 * at the bottom-right of the image).
 */
export type Quad = [Point, Point, Point, Point];
