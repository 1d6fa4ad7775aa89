/**
 * Page CER of the engines a Node team would otherwise pick, as measured on ../shared/eval and
 * published in its README (same scorer, same 2-core machine class). Kept beside our own figures
 * so the benchmark table shows the comparison the engine issue asks for.
 */
export interface PeerFigures {
  engine: string;
  cer: Record<string, number>;
  imagesPerSecond: number;
}

export const PEERS: readonly PeerFigures[] = [
  {
    engine: 'tesseract 5.3 CLI',
    cer: {
      en_line: 0.0,
      en_doc: 0.002,
      zh_doc: 0.065,
      ko_doc: 0.045,
      rot180: 0.896,
      skew: 0.06,
      degraded: 0.18,
      large: 0.0,
      overall: 0.07,
    },
    imagesPerSecond: 3.5,
  },
  {
    engine: 'tesseract.js 7',
    cer: {
      en_line: 0.004,
      en_doc: 0.006,
      zh_doc: 0.558,
      ko_doc: 0.536,
      rot180: 0.894,
      skew: 0.053,
      degraded: 0.194,
      large: 0.0,
      overall: 0.092,
    },
    imagesPerSecond: 2.1,
  },
  {
    engine: '@gutenye/ocr-node 1.4.8',
    cer: {
      en_line: 0.007,
      en_doc: 0.023,
      zh_doc: 0.043,
      ko_doc: 0.623,
      rot180: 0.921,
      skew: 0.237,
      degraded: 0.22,
      large: 0.003,
      overall: 0.1,
    },
    imagesPerSecond: 0.8,
  },
];
