/**
 * At most `max` characters of `text`, counted as code points (an emoji is never cut in half),
 * ending with "…" when it was cut; white space is folded first. Feeds, cards, page descriptions
 * and link previews all shorten text this way.
 */
export function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length > max
    ? `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`
    : flat;
}
