/**
 * The human reference page of the API (`GET /api/docs`), rendered from the OpenAPI document
 * (no external scripts: our CSP forbids them).
 */
import { html } from 'hono/html';
import type { translator } from '../web/i18n';
import type { JsonSchema, OpenApiDocument } from './openapi';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

type Row = { name: string; where: string; type: string; required: boolean; description: string };

function resolve(doc: OpenApiDocument, schema: JsonSchema | undefined): JsonSchema {
  if (!schema) return {};
  const target = typeof schema.$ref === 'string' ? schema.$ref.replace('#/components/schemas/', '') : null;
  return target ? resolve(doc, (doc.components.schemas as Record<string, JsonSchema>)[target]) : schema;
}

function typeOf(doc: OpenApiDocument, schema: JsonSchema | undefined): string {
  const s = resolve(doc, schema);
  if (typeof schema?.$ref === 'string') return String(schema.$ref).split('/').pop()!;
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (Array.isArray(s.anyOf)) return s.anyOf.map((v) => typeOf(doc, v as JsonSchema)).join(' | ');
  if (s.type === 'array') return `${typeOf(doc, s.items as JsonSchema)}[]`;
  if (s.format === 'binary') return 'file';
  const extras = [
    s.format,
    s.maxLength !== undefined ? `≤ ${s.maxLength} chars` : null,
    s.pattern ? `/${s.pattern}/` : null,
  ].filter(Boolean);
  return `${Array.isArray(s.type) ? s.type.join(' | ') : String(s.type ?? 'any')}${extras.length ? ` (${extras.join(', ')})` : ''}`;
}

function bodyRows(
  doc: OpenApiDocument,
  requestBody: Record<string, unknown> | undefined,
): { types: string[]; rows: Row[] } {
  if (!requestBody) return { types: [], rows: [] };
  const content = requestBody.content as Record<string, { schema: JsonSchema }>;
  const types = Object.keys(content);
  const schema = resolve(doc, content[types[0]]?.schema);
  const required = new Set((schema.required ?? []) as string[]);
  const rows = Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>).map(([name, prop]) => ({
    name,
    where: 'body',
    type: typeOf(doc, prop),
    required: required.has(name),
    description: String(resolve(doc, prop).description ?? prop.description ?? ''),
  }));
  return { types, rows };
}

export function renderReference(doc: OpenApiDocument, t: ReturnType<typeof translator>) {
  const entries: { path: string; method: string; op: Record<string, unknown> }[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS)
      if (item[method]) entries.push({ path, method, op: item[method] as Record<string, unknown> });
  }
  const groups = new Map<string, typeof entries>();
  for (const entry of entries) {
    const tag = ((entry.op.tags as string[] | undefined) ?? ['Other'])[0];
    groups.set(tag, [...(groups.get(tag) ?? []), entry]);
  }
  const anchor = (method: string, path: string) => `${method}-${path.replace(/[^\w]+/g, '-')}`;
  const table = (rows: Row[]) =>
    html`<table class="api-params"><thead><tr><th>${t('apidocs.name')}</th><th>${t('apidocs.in')}</th><th>${t('apidocs.type')}</th><th>${t('apidocs.required')}</th><th>${t('apidocs.description')}</th></tr></thead><tbody>${rows.map(
      (r) =>
        html`<tr><td><code>${r.name}</code></td><td>${r.where}</td><td><code>${r.type}</code></td><td>${r.required ? t('apidocs.yes') : ''}</td><td>${r.description}</td></tr>`,
    )}</tbody></table>`;
  return html`<article class="api-docs">
    <h1>${t('apidocs.title')}</h1>
    <p>${t('apidocs.intro')} <a href="/api/openapi.json">/api/openapi.json</a></p>
    <p>${String(doc.info.description ?? '')}</p>
    <nav aria-label="${t('apidocs.toc')}"><ul>${[...groups].map(
      ([tag, list]) =>
        html`<li><strong>${tag}</strong><ul>${list.map((e) => html`<li><a href="#${anchor(e.method, e.path)}"><code>${e.method.toUpperCase()} ${e.path}</code></a> &mdash; ${String(e.op.summary ?? '')}</li>`)}</ul></li>`,
    )}</ul></nav>
    ${[...groups].map(
      ([tag, list]) => html`<section>
        <h2>${tag}</h2>
        ${doc.tags.find((x) => x.name === tag)?.description ? html`<p>${doc.tags.find((x) => x.name === tag)!.description}</p>` : ''}
        ${list.map(({ path, method, op }) => {
          const params: Row[] = ((op.parameters ?? []) as Record<string, unknown>[]).map((p) => ({
            name: String(p.name),
            where: String(p.in),
            type: typeOf(doc, p.schema as JsonSchema),
            required: Boolean(p.required),
            description: String(p.description ?? ''),
          }));
          const body = bodyRows(doc, op.requestBody as Record<string, unknown> | undefined);
          const responses = Object.entries(
            (op.responses ?? {}) as Record<
              string,
              { description: string; content?: Record<string, { schema: JsonSchema }> }
            >,
          );
          return html`<section class="api-op" id="${anchor(method, path)}">
            <h3><code class="method method-${method}">${method.toUpperCase()}</code> <code>${path}</code></h3>
            <p>${String(op.summary ?? '')}</p>
            ${op.description ? html`<p>${String(op.description)}</p>` : ''}
            <p><strong>${t('apidocs.auth')}</strong> ${t(`apidocs.auth.${String(op['x-auth'] ?? 'none')}` as never)}</p>
            ${params.length ? html`<h4>${t('apidocs.parameters')}</h4>${table(params)}` : ''}
            ${body.types.length ? html`<h4>${t('apidocs.body')}</h4><p>${body.types.map((type) => html`<code>${type}</code> `)}</p>${body.rows.length ? table(body.rows) : ''}` : ''}
            <h4>${t('apidocs.responses')}</h4>
            <ul>${responses.map(([status, r]) => {
              const schema = r.content ? Object.values(r.content)[0]?.schema : undefined;
              return html`<li><code>${status}</code> ${r.description}${schema ? html` &mdash; <code>${typeOf(doc, schema)}</code>` : ''}</li>`;
            })}</ul>
          </section>`;
        })}
      </section>`,
    )}
  </article>`;
}
