/**
 * Test helpers that check real responses against the OpenAPI document's Mastodon entities: the
 * zod schema of a route's declared 200 response, the entity that owns a failing field (to tolerate
 * known gaps), and the fields a response carries that its entity does not declare.
 */
import { z } from 'zod';
import type { JsonSchema, OpenApiDocument } from '../../http/openapi';
import { mastodonEntities, mastodonEntity } from '../accounts';

export type Gap = { entity: string; field: string };
export type Finding = { path: string; problem: string };

const unwrap = (schema: z.ZodType): z.ZodType => {
  let s = schema;
  while (s instanceof z.ZodNullable || s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
  return s;
};
const nameOf = (schema: z.ZodType) => mastodonEntities.get(unwrap(schema))?.id ?? null;

/** The zod schema of a JSON Schema made of entity `$ref`s, arrays of them, and plain strings. */
export function zodOf(schema: JsonSchema): z.ZodType {
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const found = mastodonEntity(name);
    if (!found) throw new Error(`${name} is not a Mastodon entity`);
    return found;
  }
  if (schema.type === 'array') return z.array(zodOf(schema.items as JsonSchema));
  if (schema.type === 'string') return z.string();
  throw new Error(`no zod schema for ${JSON.stringify(schema)}`);
}

/** The JSON 200 response schema the document declares for an operation, or null (HTML, SSE, none). */
export function declared(doc: OpenApiDocument, method: string, template: string): JsonSchema | null {
  type Op = { responses?: Record<string, { content?: Record<string, { schema: JsonSchema }> }> };
  const op = doc.paths[template]?.[method as 'get'] as Op | undefined;
  if (!op) throw new Error(`${method.toUpperCase()} ${template} is not in the OpenAPI document`);
  return op.responses?.['200']?.content?.['application/json']?.schema ?? null;
}

/** One step down a schema: an array's items, an object's field. */
function step(schema: z.ZodType, key: PropertyKey): z.ZodType | null {
  const s = unwrap(schema);
  if (s instanceof z.ZodArray) return s.element as z.ZodType;
  if (s instanceof z.ZodObject) return (s.shape as Record<string, z.ZodType>)[String(key)] ?? null;
  if (s instanceof z.ZodRecord) return s.valueType as z.ZodType;
  return null;
}

/** The named entity whose field a zod issue is about: the last entity met along its path. */
export function ownerOf(root: z.ZodType, path: PropertyKey[]): Gap {
  let schema: z.ZodType | null = root;
  let entity = nameOf(root) ?? '(response)';
  for (const key of path.slice(0, -1)) {
    schema = schema && step(schema, key);
    const name = schema && nameOf(schema);
    if (name) entity = name;
  }
  return { entity, field: String(path.at(-1) ?? '') };
}

/** Fields present in a value that its schema does not declare (loose objects and records aside). */
function undeclared(schema: z.ZodType, value: unknown, path: string, out: Finding[]) {
  const s = unwrap(schema);
  if (value === null || value === undefined) return;
  if (s instanceof z.ZodArray && Array.isArray(value)) {
    value.forEach((item, i) => undeclared(s.element as z.ZodType, item, `${path}[${i}]`, out));
  } else if (s instanceof z.ZodObject && typeof value === 'object' && !s._zod.def.catchall) {
    const shape = s.shape as Record<string, z.ZodType>;
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (shape[key]) undeclared(shape[key], item, `${path}.${key}`, out);
      else out.push({ path: `${path}.${key}`, problem: `not declared by ${nameOf(s) ?? 'its schema'}` });
    }
  }
}

/**
 * Checks a response body against a schema: what fails (zod issues, minus the known gaps, which
 * are collected in `gapsSeen`) and what the body carries that the schema does not declare.
 */
export function check(schema: z.ZodType, body: unknown, gaps: Gap[], gapsSeen: Set<string>): Finding[] {
  const findings: Finding[] = [];
  const result = schema.safeParse(body);
  for (const issue of result.success ? [] : result.error.issues) {
    const owner = ownerOf(schema, issue.path);
    const gap = gaps.find((g) => g.entity === owner.entity && g.field === owner.field);
    if (gap) gapsSeen.add(`${gap.entity}.${gap.field}`);
    else findings.push({ path: issue.path.join('.'), problem: `${owner.entity}.${owner.field}: ${issue.message}` });
  }
  undeclared(schema, body, '', findings);
  return findings;
}
