/**
 * While the demo world is built at first start (a minute or two), the server already listens and
 * answers every request here: pages get a short page saying so, in French or English, that reloads
 * itself; the API and other machine clients get 503 with Retry-After. Once the world is ready,
 * every request goes to the application.
 */
import type { DemoStep, DemoStepName } from '../cli/demo-progress';

export type Building = {
  /** The demo world's step being built, or null before the first one (or when there is no demo to build). */
  step: DemoStep | null;
};

const RETRY_SECONDS = 5;

const STEP_LABELS: Record<'fr' | 'en', Record<DemoStepName, string>> = {
  fr: {
    accounts: 'les personnes et leurs avatars',
    brands: 'les marques, leurs chartes et leurs équipes',
    follows: 'les abonnements',
    posts: 'les publications, réponses, j’aime et sondages',
    shop: 'les catalogues, commandes et avis',
    listening: 'les veilles d’écoute',
    moderation: 'les files de modération et les notifications',
  },
  en: {
    accounts: 'people and their avatars',
    brands: 'brands, their charters and teams',
    follows: 'follows',
    posts: 'posts, replies, likes and polls',
    shop: 'catalogues, orders and reviews',
    listening: 'listening watches',
    moderation: 'moderation queues and notifications',
  },
};

const TEXT = {
  fr: {
    title: 'Comptoir démarre',
    starting: 'Comptoir démarre…',
    heading: 'Le monde de démonstration se construit…',
    step: (s: DemoStep) => `(étape ${s.index}/${s.steps})`,
    doing: (s: DemoStep) => `En cours : ${STEP_LABELS.fr[s.name]}${s.total ? ` (${s.done} / ${s.total})` : ''}.`,
    preparing: 'Ouverture de la base de données…',
    wait: 'Au premier démarrage, cela prend une à deux minutes. Cette page se recharge toute seule.',
    api: 'Comptoir démarre ; réessayez dans quelques secondes.',
  },
  en: {
    title: 'Comptoir is starting',
    starting: 'Comptoir is starting…',
    heading: 'The demo world is being built…',
    step: (s: DemoStep) => `(step ${s.index}/${s.steps})`,
    doing: (s: DemoStep) => `Now: ${STEP_LABELS.en[s.name]}${s.total ? ` (${s.done} / ${s.total})` : ''}.`,
    preparing: 'Opening the database…',
    wait: 'This takes a minute or two on first start. This page reloads by itself.',
    api: 'Comptoir is starting; try again in a few seconds.',
  },
};

/** French unless the browser prefers English to French. */
export function buildingLanguage(acceptLanguage: string | null): 'fr' | 'en' {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? 1,
      );
      return { lang: tag.slice(0, 2), q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((r) => r.lang === 'fr' || r.lang === 'en')
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked[0]?.lang === 'en' ? 'en' : 'fr';
}

/** Machine clients: the APIs, OAuth, discovery documents, feeds. They get JSON, not a page. */
function isApi(pathname: string): boolean {
  return /^\/(api|oauth|\.well-known|nodeinfo)(\/|$)/.test(pathname) || /\.(json|rss|atom|xml)$/.test(pathname);
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function buildingPage(lang: 'fr' | 'en', step: DemoStep | null): string {
  const t = TEXT[lang];
  const heading = step ? `${t.heading} ${t.step(step)}` : t.starting;
  const doing = step ? t.doing(step) : t.preparing;
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${RETRY_SECONDS}">
<title>${escapeHtml(t.title)}</title>
<style>
  body { margin: 0; padding: 0 1rem; font: 16px/1.5 system-ui, sans-serif; color: #1f2328; background: #f6f7f9; }
  main { max-width: 34rem; margin: 18vh auto 0; padding: 2rem 1.5rem; background: #fff; border-radius: 12px;
    box-shadow: 0 1px 3px rgb(0 0 0 / 0.08); }
  h1 { font-size: 1.35rem; margin: 0 0 0.75rem; }
  p { margin: 0.5rem 0; color: #424a53; }
  progress { width: 100%; height: 0.6rem; margin-top: 1rem; }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(heading)}</h1>
<p role="status">${escapeHtml(doing)}</p>
<p>${escapeHtml(t.wait)}</p>
${step ? `<progress max="${step.steps}" value="${step.index - 1}">${step.index - 1}/${step.steps}</progress>` : ''}
</main>
</body>
</html>
`;
}

/** The answer to any request while the world is built: the page, or 503 JSON for machine clients. */
export function buildingResponse(building: Building, request: Request): Response {
  const lang = buildingLanguage(request.headers.get('accept-language'));
  const headers = { 'retry-after': String(RETRY_SECONDS), 'cache-control': 'no-store' };
  if (isApi(new URL(request.url).pathname)) {
    return Response.json({ error: TEXT[lang].api, code: 'starting', step: building.step }, { status: 503, headers });
  }
  return new Response(buildingPage(lang, building.step), {
    status: 503,
    headers: { ...headers, 'content-type': 'text/html; charset=utf-8' },
  });
}

type Fetch<E> = (request: Request, env: E) => Response | Promise<Response>;

/**
 * The server's handler: the building answers until `open(app)`, then the application for every
 * later request. Lets the server listen before the application's data exists.
 */
export function buildingGate<E>(building: Building): { fetch: Fetch<E>; open(app: Fetch<E>): void } {
  let app: Fetch<E> | null = null;
  return {
    fetch: (request, env) => (app ? app(request, env) : buildingResponse(building, request)),
    open(next) {
      app = next;
    },
  };
}
