/** The start tags of an HTML page we wrote (double-quoted attributes): name and attribute names, in order. */
export function startTags(html: string): Array<{ name: string; attributes: string[] }> {
  return [...html.matchAll(/<([a-zA-Z][\w-]*)((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*\/?>/g)].map((m) => ({
    name: m[1]!.toLowerCase(),
    attributes: [...m[2]!.matchAll(/([\w:-]+)(?:="[^"]*")?/g)].map((a) => a[1]!.toLowerCase()),
  }));
}

/** What would make a page fetch something or leave the file: a tag that loads, an attribute that points, a CSS url(). */
export function externalReferences(html: string): string[] {
  const found: string[] = [];
  for (const t of startTags(html)) {
    if (['link', 'img', 'iframe', 'object', 'embed', 'image', 'use', 'a'].includes(t.name)) found.push(`<${t.name}>`);
    for (const a of t.attributes) if (['src', 'href', 'xlink:href', 'srcset', 'action'].includes(a)) found.push(`<${t.name} ${a}=>`);
  }
  for (const m of html.matchAll(/https?:\/\/[^\s"'<>]*/g)) found.push(m[0]);
  if (/url\(|@import/.test(html)) found.push('url( or @import');
  return found;
}
