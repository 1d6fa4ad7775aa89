/**
 * A strict reader for the SVG the chart modules write, for their tests: it checks the markup is
 * well formed (balanced tags, quoted attributes, no bare `<` or `&` in text) and returns the
 * element tree with entities decoded. Not a general XML parser: no DTDs, CDATA or namespaces.
 */
export interface SvgElement {
  name: string;
  attrs: Record<string, string>;
  children: SvgElement[];
  /** The element's own text (not its children's), entities decoded. */
  text: string;
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, where: number): string {
  if (raw.includes('<')) throw new SyntaxError(`bare "<" at ${where}`);
  return raw.replace(/&([^;\s&]*);?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) throw new SyntaxError(`bare "&" at ${where}`);
    if (name in ENTITY) return ENTITY[name]!;
    const code = /^#(\d+)$/.exec(name)?.[1] ?? /^#x([0-9a-f]+)$/i.exec(name)?.[1];
    if (code === undefined) throw new SyntaxError(`unknown entity "${whole}" at ${where}`);
    return String.fromCodePoint(parseInt(code, name[1] === 'x' || name[1] === 'X' ? 16 : 10));
  });
}

export function readSvg(source: string): SvgElement {
  const root: SvgElement = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: SvgElement[] = [root];
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g;
  let at = 0;
  for (let m = tag.exec(source); m; m = tag.exec(source)) {
    stack.at(-1)!.text += decode(source.slice(at, m.index), at);
    at = tag.lastIndex;
    const [, closing, name, attrText, selfClosing] = m;
    if (name === undefined) continue; // comment or processing instruction
    if (closing) {
      const open = stack.pop();
      if (!open || open === root || open.name !== name)
        throw new SyntaxError(`</${name}> at ${m.index} closes <${open?.name}>`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const [, key, value] of (attrText ?? '').matchAll(/([\w:.-]+)="([^"]*)"/g)) {
      if (key! in attrs) throw new SyntaxError(`attribute ${key} twice on <${name}> at ${m.index}`);
      attrs[key!] = decode(value!, m.index);
    }
    const element: SvgElement = { name, attrs, children: [], text: '' };
    stack.at(-1)!.children.push(element);
    if (!selfClosing) stack.push(element);
  }
  const rest = source.slice(at);
  if (rest.includes('<')) throw new SyntaxError(`malformed tag at ${at + rest.indexOf('<')}`);
  if (stack.length !== 1) throw new SyntaxError(`<${stack.at(-1)!.name}> is never closed`);
  if (rest.trim()) throw new SyntaxError(`text after the root element: ${rest.trim().slice(0, 20)}`);
  const [svg, ...others] = root.children;
  if (!svg || others.length || svg.name !== 'svg') throw new SyntaxError('expected one <svg> root element');
  return svg;
}

/** Every element below `element` (depth first) with that name. */
export function findAll(element: SvgElement, name: string): SvgElement[] {
  return element.children.flatMap((c) => [...(c.name === name ? [c] : []), ...findAll(c, name)]);
}

/** All the text below `element`, in document order. */
export function allText(element: SvgElement): string[] {
  return [element.text, ...element.children.flatMap(allText)].filter((t) => t.trim() !== '');
}
