/**
 * Turns a parsed query (query.ts) into parameterized SQL for one kind of document. Words and
 * phrases become `plainto_tsquery` / `phraseto_tsquery` calls whose text is a bound parameter,
 * combined with tsquery's `&&`, `||` and `!!` operators; whole sub-trees of words fold into one
 * tsquery so the GIN index answers them in one scan. Predicates (#tag, @handle, from:, has:)
 * become EXISTS / IN clauses, also parameterized.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { ParsedQuery, QNode } from './query';

export type SearchConfig = 'comptoir_fr' | 'comptoir_en';
type Predicate = Extract<QNode, { kind: 'tag' | 'mention' | 'from' | 'has' }>;

/** What a kind of document offers the compiler: its vector, and how it reads each predicate. */
export type Target = {
  tsv: SQL;
  /** SQL for a predicate on this kind of document, or null when it can never hold (e.g. #tag on a product). */
  predicate: (node: Predicate) => SQL | null;
};

/** The stemmings a query is read with: its lang: filter's, or both. */
export function configsOf(q: Pick<ParsedQuery, 'lang'>): SearchConfig[] {
  return q.lang === 'fr' ? ['comptoir_fr'] : q.lang === 'en' ? ['comptoir_en'] : ['comptoir_fr', 'comptoir_en'];
}

// The configuration names are our constants, never user input.
const cfg = (c: SearchConfig) => sql.raw(`'public.${c}'::regconfig`);

function textQuery(node: { kind: 'term' | 'phrase'; text: string }, configs: SearchConfig[]): SQL {
  const fn = node.kind === 'phrase' ? sql.raw('phraseto_tsquery') : sql.raw('plainto_tsquery');
  return sql`(${sql.join(
    configs.map((c) => sql`${fn}(${cfg(c)}, ${node.text})`),
    sql` || `,
  )})`;
}

type Compiled = { ts: SQL; pred?: undefined } | { pred: SQL; ts?: undefined };

const asPred = (c: Compiled, target: Target): SQL => (c.pred ? c.pred : sql`(${target.tsv} @@ ${c.ts})`);

function compileNode(node: QNode, configs: SearchConfig[], target: Target): Compiled {
  switch (node.kind) {
    case 'term':
    case 'phrase':
      return { ts: textQuery(node, configs) };
    case 'tag':
    case 'mention':
    case 'from':
    case 'has':
      return { pred: target.predicate(node) ?? sql`false` };
    case 'not': {
      const inner = compileNode(node.node, configs, target);
      return inner.ts ? { ts: sql`(!! ${inner.ts})` } : { pred: sql`(not ${inner.pred})` };
    }
    case 'and': {
      const parts = node.nodes.map((n) => compileNode(n, configs, target));
      const ts = parts.filter((p) => p.ts).map((p) => p.ts!);
      const preds = parts.filter((p) => p.pred).map((p) => p.pred!);
      if (preds.length === 0) return { ts: sql`(${sql.join(ts, sql` && `)})` };
      const all = ts.length ? [sql`(${target.tsv} @@ (${sql.join(ts, sql` && `)}))`, ...preds] : preds;
      return { pred: sql`(${sql.join(all, sql` and `)})` };
    }
    case 'or': {
      const parts = node.nodes.map((n) => compileNode(n, configs, target));
      if (parts.every((p) => p.ts))
        return {
          ts: sql`(${sql.join(
            parts.map((p) => p.ts!),
            sql` || `,
          )})`,
        };
      return {
        pred: sql`(${sql.join(
          parts.map((p) => asPred(p, target)),
          sql` or `,
        )})`,
      };
    }
  }
}

/** The boolean part of a query as a WHERE condition on `target` (true when it has none). */
export function whereOf(q: ParsedQuery, target: Target): SQL {
  if (!q.root) return sql`true`;
  return asPred(compileNode(q.root, configsOf(q), target), target);
}

/**
 * The query's positive words and phrases OR'ed together: what ranking scores and highlighting
 * marks. Null when the query has none (only predicates or filters).
 */
export function positiveQuery(q: ParsedQuery): SQL | null {
  const configs = configsOf(q);
  const nodes: SQL[] = [];
  const walk = (n: QNode | null, negated: boolean) => {
    if (!n) return;
    if ((n.kind === 'term' || n.kind === 'phrase') && !negated) nodes.push(textQuery(n, configs));
    else if (n.kind === 'and' || n.kind === 'or') for (const c of n.nodes) walk(c, negated);
    else if (n.kind === 'not') walk(n.node, !negated);
  };
  walk(q.root, false);
  return nodes.length ? sql`(${sql.join(nodes, sql` || `)})` : null;
}
