import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { browserSession, postForm } from '../../accounts/api-testing';
import { grantPlatformRole } from '../../moderation';
import { appToken, signUpUser, type TestUser } from '../../social/api-test-support';
import { isDomainSuspended } from './domains';

let t: TestApp;
let moderator: TestUser;
let someone: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  const app = await appToken(t);
  moderator = await signUpUser(t, app, 'page_claire');
  someone = await signUpUser(t, app, 'page_someone');
  await grantPlatformRole(t.ctx.db, moderator.username);
});
afterAll(() => t.close());

const page = async (who: TestUser, path = '/moderation/platform/domains') => {
  const { cookie } = await browserSession(t, who.id);
  return t.app.request(path, { headers: { cookie } });
};

describe('blocked servers page', () => {
  it('is for platform moderators only (403 otherwise), with the platform tabs', async () => {
    expect((await page(someone)).status).toBe(403);
    const res = await page(moderator);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Serveurs bloqués');
    expect(html).toContain('href="/moderation/platform/audit"');
    expect(html).toContain('name="_csrf"');
  });

  it('adds a block from the form (normalised), shows it escaped, then lifts it', async () => {
    const session = await browserSession(t, moderator.id);
    const form = { domain: 'Spam.Example.', severity: 'suspend', reason: '<b>spam</b> en masse' };
    const added = await postForm(
      t,
      '/moderation/platform/domains',
      { ...form, _csrf: session.csrf },
      {
        cookie: session.cookie,
      },
    );
    expect(added.status).toBe(303);
    expect(await isDomainSuspended(t.ctx.db, 'spam.example')).toBe(true);
    const html = await (
      await t.app.request(added.headers.get('location')!, { headers: { cookie: session.cookie } })
    ).text();
    expect(html).toContain('<strong>spam.example</strong>');
    expect(html).toContain('&lt;b&gt;spam&lt;/b&gt; en masse');
    expect(html).toContain('Blocage de spam.example enregistré.');

    const lifted = await postForm(
      t,
      '/moderation/platform/domains/lift',
      { domain: 'spam.example', _csrf: session.csrf },
      { cookie: session.cookie },
    );
    expect(lifted.status).toBe(303);
    expect(await isDomainSuspended(t.ctx.db, 'spam.example')).toBe(false);
  });

  it('a bad domain is shown again with a message (422); without the CSRF token nothing changes (403)', async () => {
    const session = await browserSession(t, moderator.id);
    const bad = await postForm(
      t,
      '/moderation/platform/domains',
      { domain: 'not a host', _csrf: session.csrf },
      {
        cookie: session.cookie,
      },
    );
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Ce n’est pas un nom de serveur');
    const forged = await postForm(
      t,
      '/moderation/platform/domains',
      { domain: 'forged.example', severity: 'suspend' },
      {
        cookie: session.cookie,
      },
    );
    expect(forged.status).toBe(403);
    expect(await isDomainSuspended(t.ctx.db, 'forged.example')).toBe(false);
  });

  it('a non-moderator cannot post a block (403)', async () => {
    const session = await browserSession(t, someone.id);
    const res = await postForm(
      t,
      '/moderation/platform/domains',
      { domain: 'x.example', _csrf: session.csrf },
      {
        cookie: session.cookie,
      },
    );
    expect(res.status).toBe(403);
  });
});
