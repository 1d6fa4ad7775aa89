/**
 * Drawing OCR results over their images, apart from recognition so that the gateway (which never
 * runs a model) and the engine's CLI share one rendering.
 */
export { annotateImage } from './annotate-image.js';
export { buildAnnotationSvg, confidenceColour, type AnnotationLayout } from './annotation-svg.js';
export { escapeXml } from './escape-xml.js';
