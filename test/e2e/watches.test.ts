/**
 * Watches in a real browser: a brand member creates a watch from the brand console; another
 * account publishes a matching post from the home page; the post shows up on the watch's page
 * (the job worker matches it within seconds) and in its private RSS feed, fetched like a feed
 * reader would.
 */
import { describe, expect, it } from 'vitest';
import { createBrand, signUp as createPerson } from '../../src/modules/accounts';
import { logIn, openPost, person, publish, useE2E } from './support';

const e2e = useE2E();

describe('watches (veille)', () => {
  it('creates a watch, receives a matching post from another account, shows it on the page and in the RSS feed', async () => {
    const ctx = e2e.server.ctx;
    const odile = person('odile', 'Odile Veille');
    const paul = person('paul', 'Paul Posteur');
    const owner = await createPerson({ db: ctx.db }, odile);
    await createPerson({ db: ctx.db }, paul);
    const brand = await createBrand({ db: ctx.db }, owner.id, {
      username: `veille_${Date.now().toString(36).slice(-5)}`,
      displayName: 'Fromagerie Veille',
    });
    const word = `beaufort${Date.now().toString(36).slice(-4)}`;

    // Odile opens the brand console and creates the watch.
    const member = await e2e.newPage({ locale: 'fr' });
    await logIn(member, odile.username, odile.password);
    await member.goto(`/brands/${brand.username}/settings`);
    await member.getByRole('link', { name: 'Veille', exact: true }).click();
    await member.waitForURL(`**/brands/${brand.username}/watches`);
    await member.getByLabel('Nom').fill('Beaufort');
    await member.getByLabel('Requête').fill(word);
    await member.getByRole('button', { name: 'Créer la veille' }).click();
    await member.waitForURL(/\/watches\/[0-9a-f-]{36}\?created=1$/);
    await member.getByText('Aucune mention pour l’instant.').waitFor();
    const rssUrl = await member.locator('#watch-rss').getAttribute('href');
    expect(rssUrl).toMatch(/\/feed\.rss\?token=/);

    // Paul publishes a matching post.
    const author = await e2e.newPage();
    await logIn(author, paul.username, paul.password);
    const text = `Le ${word} d'alpage de la fromagerie est excellent`;
    const card = await publish(author, text);
    await card.waitFor();

    // It appears on the watch page within seconds.
    await expect
      .poll(
        async () => {
          await member.reload();
          return member
            .locator('#watch-matches')
            .textContent()
            .catch(() => '');
        },
        { timeout: 15_000, interval: 500 },
      )
      .toContain(word);
    await member
      .locator('#watch-matches')
      .getByRole('link', { name: `@${paul.username}` })
      .waitFor();
    await e2e.screenshot(member, 'watch-dashboard');

    // And in the private RSS feed (same origin as the server: the URL is absolute on publicUrl).
    const feedPath = new URL(rssUrl!).pathname + new URL(rssUrl!).search;
    const feed = await member.request.get(feedPath);
    expect(feed.status()).toBe(200);
    const xml = await feed.text();
    expect(xml).toContain('<rss');
    expect(xml).toContain(word);
    expect((await member.request.get(new URL(rssUrl!).pathname)).status()).toBe(404);

    // The post's page links to its propagation: the post alone for now, as the cascade's root.
    const postPath = await openPost(author, card);
    await author.getByRole('link', { name: 'Propagation' }).click();
    await author.waitForURL(`**${postPath}/propagation`);
    await author
      .locator('#cascade')
      .getByRole('link', { name: `@${paul.username}` })
      .waitFor();
  });
});
