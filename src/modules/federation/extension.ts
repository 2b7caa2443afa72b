import { COMPTOIR_NS } from './context';

type Parseable<T> = { fromJsonLd(json: unknown): Promise<T> };
type Serializable = { toJsonLd(options?: { format?: 'compact' }): Promise<unknown> };

/**
 * Adds terms of our namespace (`comptoir:`) to a vocabulary object: the vocabulary has no term
 * for brand colours or a post's products. The object is serialized, given the terms and parsed
 * back; Fedify keeps the parsed JSON, so what it sends is exactly this JSON. `path` names a
 * nested object to extend (`['object']`: the note inside a Create).
 */
export async function withExtension<T extends Serializable>(
  value: T,
  type: Parseable<T>,
  terms: Record<string, unknown>,
  path: string[] = [],
): Promise<T> {
  const json = (await value.toJsonLd({ format: 'compact' })) as Record<string, unknown>;
  let target = json;
  for (const key of path) target = target[key] as Record<string, unknown>;
  Object.assign(target, prefixed(terms));
  json['@context'] = [json['@context'], { comptoir: COMPTOIR_NS }].flat();
  return type.fromJsonLd(json);
}

const prefixed = (terms: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(terms).map(([k, v]) => [`comptoir:${k}`, v]));
