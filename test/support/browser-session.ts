/**
 * A tiny browser over `app.request()` for page tests: a cookie jar, the CSRF token added to every
 * form post, and helpers to sign up / log in through the real forms.
 *
 *   const browser = new BrowserSession(testApp);
 *   await browser.signUp({ username: 'camille' });
 *   const page = await browser.get('/settings');       // Response; browser.lastHtml has its text
 *   await browser.post('/settings', { display_name: 'Camille' });
 */
import { hmac } from '../../src/lib/crypto';
import type { TestApp } from './app';

export type FormFields = Record<string, string | number | boolean | Blob | undefined>;

export class BrowserSession {
  readonly cookies = new Map<string, string>();
  /** Text of the last HTML response read with html() or the text helpers. */
  lastHtml = '';

  constructor(
    private readonly testApp: Pick<TestApp, 'app' | 'ctx'>,
    private readonly defaultHeaders: Record<string, string> = { accept: 'text/html', 'accept-language': 'fr' },
  ) {}

  /** The session cookie, once logged in. */
  get sessionToken(): string | undefined {
    return this.cookies.get('comptoir_session');
  }

  /** The CSRF token forms must carry: an HMAC of the per-browser seed cookie, as the server computes it. */
  csrfToken(): string {
    let seed = this.cookies.get('comptoir_csrf');
    if (!seed) {
      seed = `test-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
      this.cookies.set('comptoir_csrf', seed);
    }
    return hmac(this.testApp.ctx.secret, seed);
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(
    method: string,
    url: string,
    init: { body?: BodyInit; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { ...this.defaultHeaders, ...(init.headers ?? {}) };
    const cookie = this.cookieHeader();
    if (cookie) headers.cookie = cookie;
    const res = await this.testApp.app.request(url, { method, headers, body: init.body });
    this.store(res);
    return res;
  }

  get(url: string, headers?: Record<string, string>): Promise<Response> {
    return this.request('GET', url, { headers });
  }

  /**
   * Posts a form with the CSRF token. Url-encoded unless a field is a Blob (then multipart, like
   * a browser with a file input). Pass `{ csrf: false }` to leave the token out.
   */
  post(
    url: string,
    fields: FormFields = {},
    options: { csrf?: boolean; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const all: FormFields = options.csrf === false ? { ...fields } : { _csrf: this.csrfToken(), ...fields };
    const multipart = Object.values(all).some((v) => v instanceof Blob);
    if (multipart) {
      const form = new FormData();
      for (const [k, v] of Object.entries(all)) {
        if (v === undefined) continue;
        if (v instanceof Blob) form.append(k, v, (v as File).name ?? 'upload.bin');
        else form.append(k, String(v));
      }
      return this.request('POST', url, { body: form, headers: options.headers });
    }
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(all)) if (v !== undefined) body.append(k, String(v));
    return this.request('POST', url, {
      body: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(options.headers ?? {}) },
    });
  }

  /** Reads a response's HTML (and remembers it in lastHtml). */
  async html(res: Response): Promise<string> {
    this.lastHtml = await res.text();
    return this.lastHtml;
  }

  /** GET and read the HTML in one go. */
  async page(url: string): Promise<{ status: number; html: string; res: Response }> {
    const res = await this.get(url);
    return { status: res.status, html: await this.html(res), res };
  }

  /** Signs up through the /signup form; the session cookie is kept. Throws unless redirected. */
  async signUp(input: {
    username: string;
    email?: string;
    password?: string;
    display_name?: string;
  }): Promise<Response> {
    const res = await this.post('/signup', {
      username: input.username,
      display_name: input.display_name ?? input.username,
      email: input.email ?? `${input.username}@example.test`,
      password: input.password ?? 'correct horse battery',
    });
    if (res.status !== 303)
      throw new Error(`sign-up of ${input.username} failed with ${res.status}: ${(await res.text()).slice(0, 500)}`);
    return res;
  }

  /** Logs in through the /login form. Throws unless redirected. */
  async logIn(identifier: string, password = 'correct horse battery'): Promise<Response> {
    const res = await this.post('/login', { identifier, password });
    if (res.status !== 303) throw new Error(`log-in of ${identifier} failed with ${res.status}`);
    return res;
  }

  /** Logs in a person made with the accounts service, without going through the form (no rate limit). */
  async actAs(accountId: string): Promise<void> {
    const { createSession } = await import('../../src/modules/accounts');
    this.cookies.set('comptoir_session', await createSession({ db: this.testApp.ctx.db }, accountId));
  }

  private store(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => {
        const [k, v] = a.trim().split('=');
        if (k.toLowerCase() === 'max-age') return Number(v) <= 0;
        if (k.toLowerCase() === 'expires') return new Date(v).getTime() < Date.now();
        return false;
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/** Decodes the few entities hono/jsx writes, to compare text in HTML. */
export const unescapeHtml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
