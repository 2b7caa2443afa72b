/**
 * A delivery's body checked before Fedify reads it: JSON, and not nested deeper than any real
 * activity is (Mastodon's are under 10 levels). JSON-LD processing recurses into every level,
 * so a hostile body of thousands would exhaust the stack: refused with a 400 instead.
 */
export const MAX_JSON_DEPTH = 64;

/** The deepest nesting of objects and arrays in JSON text (strings skipped); stops counting past `limit`. */
export function jsonDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92)
        i++; // backslash: the next character is escaped
      else if (ch === 34) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 123 || ch === 91) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (ch === 125 || ch === 93) depth--;
  }
  return deepest;
}

/** Null when the body may go on to Fedify, else why it is refused. */
export function refuseBody(text: string): { code: string; message: string } | null {
  if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH)
    return { code: 'too_deep', message: `An activity is nested at most ${MAX_JSON_DEPTH} levels deep` };
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== 'object' || Array.isArray(value))
      return { code: 'invalid_activity', message: 'An activity is a JSON object' };
  } catch {
    return { code: 'invalid_json', message: 'The body is not JSON' };
  }
  return null;
}
