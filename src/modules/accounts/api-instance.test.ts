import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createOAuthAPIClient, createRestAPIClient } from 'masto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { appToken, registerApp, signUpPerson } from './api-testing';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  const token = await appToken(t, await registerApp(t));
  const person = await signUpPerson(t, token, 'instance_person');
  await t.call('POST', '/api/v1/brands', { token: person.token, body: { username: 'instance_brand' } });
});
afterAll(() => t.close());

const json = async (res: Response) => (await res.json()) as any;

describe('instance description', () => {
  it('GET /api/v1/instance has the Mastodon v1 shape', async () => {
    const res = await t.call('GET', '/api/v1/instance');
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({
      uri: 'localhost:3000',
      title: 'Comptoir',
      short_description: expect.any(String),
      description: expect.any(String),
      email: expect.any(String),
      version: '4.3.0 (compatible; Comptoir 0.1.0)',
      urls: { streaming_api: 'ws://localhost:3000' },
      stats: { user_count: 1, status_count: 0, domain_count: 1 },
      languages: ['fr', 'en'],
      registrations: true,
      approval_required: false,
      configuration: {
        statuses: {
          max_characters: t.ctx.config.postMaxChars,
          max_media_attachments: 4,
          characters_reserved_per_url: 23,
        },
        media_attachments: {
          supported_mime_types: expect.arrayContaining(['image/jpeg', 'image/png']),
          image_size_limit: t.ctx.config.mediaMaxBytes,
          image_matrix_limit: expect.any(Number),
        },
        polls: { max_options: 4, max_characters_per_option: 50, min_expiration: 300, max_expiration: 2629746 },
      },
      contact_account: null,
      rules: [],
    });
  });

  it('GET /api/v2/instance has the Mastodon v2 shape', async () => {
    const body = await json(await t.call('GET', '/api/v2/instance'));
    expect(body).toMatchObject({
      domain: 'localhost:3000',
      title: 'Comptoir',
      version: '4.3.0 (compatible; Comptoir 0.1.0)',
      description: expect.any(String),
      usage: { users: { active_month: 0 } },
      thumbnail: { url: expect.stringMatching(/^http/) },
      languages: ['fr', 'en'],
      configuration: {
        urls: { streaming: 'ws://localhost:3000' },
        statuses: {
          max_characters: t.ctx.config.postMaxChars,
          max_media_attachments: 4,
          characters_reserved_per_url: 23,
        },
        media_attachments: { image_size_limit: t.ctx.config.mediaMaxBytes },
        polls: { max_options: 4, max_characters_per_option: 50, min_expiration: 300, max_expiration: 2629746 },
        accounts: { max_featured_tags: expect.any(Number) },
        translation: { enabled: false },
      },
      registrations: { enabled: true, approval_required: false, message: null },
      contact: { email: expect.any(String), account: null },
      rules: [],
    });
    expect(await json(await t.call('GET', '/api/v1/instance/peers'))).toEqual([]);
    expect(await json(await t.call('GET', '/api/v1/instance/rules'))).toEqual([]);
  });

  it('serves NodeInfo 2.0 (and links 2.1)', async () => {
    const discovery = await json(await t.call('GET', '/.well-known/nodeinfo'));
    expect(discovery.links).toEqual([
      { rel: 'http://nodeinfo.diaspora.software/ns/schema/2.0', href: 'http://localhost:3000/nodeinfo/2.0' },
      { rel: 'http://nodeinfo.diaspora.software/ns/schema/2.1', href: 'http://localhost:3000/nodeinfo/2.1' },
    ]);
    const res = await t.call('GET', '/nodeinfo/2.0');
    expect(res.headers.get('content-type')).toContain('nodeinfo.diaspora.software/ns/schema/2.0');
    expect(await json(res)).toMatchObject({
      version: '2.0',
      software: { name: 'comptoir', version: '0.1.0' },
      // Federation is on unless the operator switched it off.
      protocols: t.ctx.config.federation ? ['activitypub'] : [],
      openRegistrations: true,
      usage: { users: { total: 1 }, localPosts: 0 },
    });
  });
});

describe('API documentation', () => {
  it('GET /api/openapi.json is an OpenAPI 3.1 document listing our routes', async () => {
    const res = await t.call('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = JSON.parse(await res.text());
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'Comptoir API', version: '0.1.0' });
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/brands',
        '/api/v1/brands/{id}',
        '/api/v1/brands/{id}/members',
        '/api/v1/brands/{id}/members/{account_id}',
        '/oauth/token',
        '/api/v1/instance',
      ]),
    );
    const create = doc.paths['/api/v1/brands'].post;
    expect(create.tags).toEqual(['Brands']);
    expect(create.requestBody.content['application/json'].schema).toMatchObject({
      type: 'object',
      properties: { username: { type: 'string' }, display_name: { type: 'string', maxLength: 60 } },
      required: ['username'],
    });
    expect(create.responses['201'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Brand' });
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '422']));
    const patch = doc.paths['/api/v1/brands/{id}'].patch;
    expect(patch.parameters).toContainEqual(expect.objectContaining({ name: 'id', in: 'path', required: true }));
    expect(patch.requestBody.content['multipart/form-data'].schema.properties.avatar).toMatchObject({
      type: 'string',
      format: 'binary',
    });
    expect(
      doc.paths['/api/v1/brands/{id}/members'].post.requestBody.content['application/json'].schema.properties.role.enum,
    ).toContain('community_manager');
    expect(doc.components.schemas).toHaveProperty('Account');
    expect(doc.components.schemas).toHaveProperty('Error');
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    // Every $ref points at a schema that exists; every operation names its responses.
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]);
    for (const name of refs) expect(doc.components.schemas, name).toHaveProperty(name);
    const ids = new Set<string>();
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(item)) {
        expect(op.summary, `${method} ${path}`).toBeTruthy();
        expect(Object.keys(op.responses).length, `${method} ${path}`).toBeGreaterThan(0);
        expect(ids.has(op.operationId), op.operationId).toBe(false);
        ids.add(op.operationId);
      }
    }
  });

  it('GET /api/docs renders every path, method, parameter and response code', async () => {
    const res = await t.app.request('/api/docs?lang=en');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('API reference');
    expect(html).not.toMatch(/<script[^>]+src="https?:/);
    const doc = await json(await t.call('GET', '/api/openapi.json'));
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      for (const method of Object.keys(item))
        expect(html, `${method} ${path}`).toContain(`${method.toUpperCase()}</code> <code>${path}</code>`);
    }
    expect(html).toContain('<code>account_id</code>');
    expect(html).toContain('<code>422</code>');
    const french = await (await t.app.request('/api/docs?lang=fr')).text();
    expect(french).toContain('Référence de l’API');
  });
});

describe('an unmodified Mastodon client (masto.js)', () => {
  let server: ServerType;
  let url: string;
  beforeAll(async () => {
    server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('registers, signs up, reads and edits its profile, and revokes', async () => {
    const anonymous = createRestAPIClient({ url });
    const v1 = await anonymous.v1.instance.fetch();
    expect(v1.configuration.statuses.maxCharacters).toBe(t.ctx.config.postMaxChars);
    const v2 = await anonymous.v2.instance.fetch();
    expect(v2.domain).toBe('localhost:3000');

    const app = await anonymous.v1.apps.create({
      clientName: 'masto.js',
      redirectUris: 'urn:ietf:wg:oauth:2.0:oob',
      scopes: 'read write follow',
    });
    expect(app.clientId).toBeTruthy();
    const oauth = createOAuthAPIClient({ url });
    const appToken = await oauth.token.create({
      grantType: 'client_credentials',
      clientId: app.clientId!,
      clientSecret: app.clientSecret!,
      redirectUri: 'urn:ietf:wg:oauth:2.0:oob',
      scope: 'read write follow',
    });
    const asApp = createRestAPIClient({ url, accessToken: appToken.accessToken });
    expect((await asApp.v1.apps.verifyCredentials()).name).toBe('masto.js');

    const userToken = await asApp.v1.accounts.create({
      username: 'masto_user',
      email: 'masto@example.com',
      password: 'correct horse battery',
      agreement: true,
      locale: 'en',
    });
    const user = createRestAPIClient({ url, accessToken: userToken.accessToken });
    const me = await user.v1.accounts.verifyCredentials();
    expect(me.username).toBe('masto_user');
    const updated = await user.v1.accounts.updateCredentials({
      displayName: 'Masto User',
      note: 'hello',
      locked: true,
    });
    expect(updated).toMatchObject({ displayName: 'Masto User', locked: true });
    expect((await anonymous.v1.accounts.lookup({ acct: 'masto_user' })).id).toBe(me.id);
    expect((await anonymous.v1.accounts.$select(me.id).fetch()).displayName).toBe('Masto User');
    expect((await user.v1.accounts.search.list({ q: 'masto' })).map((a) => a.id)).toContain(me.id);

    const password = await oauth.token.create({
      grantType: 'password',
      clientId: app.clientId!,
      clientSecret: app.clientSecret!,
      redirectUri: 'urn:ietf:wg:oauth:2.0:oob',
      username: 'masto@example.com',
      password: 'correct horse battery',
      scope: 'read',
    });
    expect(password.scope).toBe('read');

    await oauth.revoke({ clientId: app.clientId!, clientSecret: app.clientSecret!, token: userToken.accessToken });
    // @hono/node-server swaps the global Response in this process, so masto.js may hand back the raw response.
    const status = (e: any) => e?.statusCode ?? e?.status;
    await expect(user.v1.accounts.verifyCredentials()).rejects.toSatisfy((e) => status(e) === 401);
    await expect(anonymous.v1.accounts.$select('0197a0b1-1111-7222-8333-444455556666').fetch()).rejects.toSatisfy(
      (e) => status(e) === 404,
    );
  });
});
