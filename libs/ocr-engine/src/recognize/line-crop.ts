import type { RgbImage } from '../image/rgb-image.js';

/**
 * A straightened line at the recogniser's height, plus how it was scaled from the page: word
 * gaps are judged relative to the text's height as printed, so a crop squeezed horizontally
 * must say by how much.
 */
export interface LineCrop extends RgbImage {
  /** Horizontal scale relative to the vertical one (1 = the text's natural aspect). */
  xScale: number;
  /** Height of the text box on the page, in page pixels. */
  sourceHeight: number;
}
