/** Formats rows as an aligned plain-text table (numbers right-aligned), for terminals and Markdown. */
export function formatTable(
  head: readonly string[],
  rows: ReadonlyArray<readonly (string | number)[]>,
  markdown = false,
): string {
  const cells = rows.map((r) => r.map(String));
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string =>
    markdown
      ? `| ${r.map((c, i) => c.padStart(widths[i]!)).join(' | ')} |`
      : r.map((c, i) => c.padStart(widths[i]!)).join('  ');
  const out = [line(head)];
  if (markdown) out.push(`| ${widths.map((w) => '-'.repeat(Math.max(3, w - 1)) + ':').join(' | ')} |`);
  out.push(...cells.map(line));
  return out.join('\n');
}
