import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { unescapeHtml } from '../../../test/support/browser-session';
import { address } from '../../../test/support/commerce';
import { appToken, follow, person, shop, shoppablePost } from '../../links/testing';
import { json } from '../social/api-test-support';
import { placeOrder } from './checkout';
import { socialProof } from './social-proof';

let t: TestApp;
let app: string;
beforeAll(async () => {
  t = await createTestApp();
  app = await appToken(t);
});
afterAll(() => t.close());

describe('social proof', () => {
  it('counts followed accounts who liked or bought the product, names likers only, and respects blocks', async () => {
    const s = await shop(t, app, { stock: 50 });
    const post = await shoppablePost(t, s);
    const viewer = await person(t, app);
    const [ana, ben, cam, dan, eve, fay, gus] = await Promise.all(
      Array.from({ length: 7 }, () => person(t, app, { details: true })),
    );
    for (const p of [ana, ben, cam, dan, eve, gus]) await follow(t, viewer, p.id);
    // Likes: ana, ben, dan (blocked by the viewer), eve (blocks the viewer), fay (not followed).
    for (const p of [ana, ben, dan, eve, fay])
      await json(t.call('POST', `/api/v1/statuses/${post.id}/favourite`, { token: p.token }));
    await json(t.call('POST', `/api/v1/accounts/${dan.id}/block`, { token: viewer.token }));
    await json(t.call('POST', `/api/v1/accounts/${viewer.id}/block`, { token: eve.token }));

    const buy = (b: typeof ana) =>
      placeOrder(t.ctx, b.id, {
        lines: [{ variantId: s.variantId, quantity: 1 }],
        paymentMethodId: b.methodId!,
        shippingAddress: address,
      });
    // One buyer is never shown (it would name them)…
    await buy(cam);
    let proof = (await socialProof(t.ctx.db, viewer.id, [s.productId])).get(s.productId)!;
    expect(proof.likers.count).toBe(2);
    expect(proof.likers.accounts.map((a) => a.id).sort()).toEqual([ana.id, ben.id].sort());
    expect(proof.buyers).toBe(0);
    // …two are, as a count; a blocked buyer does not count.
    await buy(gus);
    await buy(dan);
    proof = (await socialProof(t.ctx.db, viewer.id, [s.productId])).get(s.productId)!;
    expect(proof.buyers).toBe(2);
    expect(proof.likers.count).toBe(2);

    // Visitors and people who follow no one see nothing.
    expect((await socialProof(t.ctx.db, null, [s.productId])).size).toBe(0);
    expect((await socialProof(t.ctx.db, fay.id, [s.productId])).size).toBe(0);

    // The card in the timeline says it, with names of likers but never of buyers.
    const page = unescapeHtml((await viewer.browser.page(`/@${s.brand.username}/${post.id}`)).html);
    expect(page).toContain('class="social-proof"');
    expect(page).toContain(ana.username);
    expect(page).toMatch(/2 personnes que vous suivez l’ont acheté/);
    expect(page).not.toContain(gus.username);
    expect(page).not.toContain(dan.username);
  });
});
