/**
 * Text for SVG content and attribute values: recognised text in annotations, names from manifests
 * and peers' package names in the benchmark charts. Anything may reach here, so markup characters
 * are escaped and the control characters XML 1.0 forbids are dropped: the SVG always parses.
 */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** XML 1.0 allows tab, line feed and carriage return below U+0020, no lone surrogate, and neither U+FFFE nor U+FFFF. */
function allowedInXml(char: string): boolean {
  const code = char.codePointAt(0)!;
  return code >= 0x20
    ? code !== 0xfffe && code !== 0xffff && (code < 0xd800 || code > 0xdfff)
    : code === 0x09 || code === 0x0a || code === 0x0d;
}

export function escapeXml(text: string): string {
  let out = '';
  for (const char of text) if (allowedInXml(char)) out += ENTITIES[char] ?? char;
  return out;
}
