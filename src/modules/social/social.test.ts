import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { createAccount } from '../accounts';
import * as social from './index';

let t: TestApp;
let ctx: social.SocialContext;
const person = (username: string) => createAccount({ db: t.ctx.db }, { kind: 'person', username });

beforeAll(async () => {
  t = await createTestApp();
  ctx = { db: t.ctx.db, config: t.ctx.config, events: t.ctx.events };
});
afterAll(() => t.close());

async function home(viewerId: string) {
  const ids = await social.homeSkeleton(t.ctx.db, viewerId, {});
  const { hydrated, ids: visible } = await social.loadVisible(ctx, viewerId, ids);
  return social.presentStatuses(t.ctx.config, hydrated, visible);
}

describe('posts and the home timeline', () => {
  it('shows followed accounts’ posts and reposts newest first, with links, mentions and tags', async () => {
    const alice = await person('alice');
    const bob = await person('bob');
    const carol = await person('carol');
    await social.follow(ctx, alice.id, bob.id);
    const first = await social.createStatus(ctx, bob.id, {
      text: 'Bonjour @alice, regardez https://example.com/produit #Fromage',
    });
    const other = await social.createStatus(ctx, carol.id, { text: 'Not followed by alice' });
    await social.reblog(ctx, bob.id, other.id);
    const timeline = await home(alice.id);
    expect(timeline.map((s) => s.reblog?.id ?? s.id)).toEqual([other.id, first.id]);
    const post = timeline[1] as Record<string, any>;
    expect(post.content).toContain('/@alice');
    expect(post.content).toContain('/tags/fromage');
    expect(post.content).toMatch(/href="http:\/\/localhost:3000\/s\/\w+"/);
    expect(post.tags).toEqual([{ name: 'fromage', url: 'http://localhost:3000/tags/fromage' }]);
    const notes = await social.listNotifications(ctx, alice.id);
    expect(notes.map((n) => n.type)).toEqual(['mention']);
  });

  it('hides blocked and muted accounts and counts reactions once', async () => {
    const dan = await person('dan');
    const eve = await person('eve');
    const fay = await person('fay');
    await social.follow(ctx, dan.id, eve.id);
    await social.follow(ctx, dan.id, fay.id);
    const post = await social.createStatus(ctx, eve.id, { text: 'Hello' });
    await social.createStatus(ctx, fay.id, { text: 'Muted soon' });
    await social.mute(ctx, dan.id, fay.id);
    await Promise.all([1, 2, 3].map(() => social.favourite(ctx, dan.id, post.id)));
    const timeline = await home(dan.id);
    expect(timeline.map((s) => s.id)).toEqual([post.id]);
    expect(timeline[0].favourites_count).toBe(1);
    expect(timeline[0].favourited).toBe(true);
    await social.block(ctx, eve.id, dan.id);
    expect(await home(dan.id)).toEqual([]);
    await expect(social.favourite(ctx, dan.id, post.id)).rejects.toMatchObject({ status: 404 });
  });

  it('polls take one vote per account and refuse votes after the deadline', async () => {
    const gus = await person('gus');
    const hal = await person('hal');
    const post = await social.createStatus(ctx, gus.id, {
      text: 'Quel fromage ?',
      poll: { options: ['Comté', 'Brie'], expiresIn: 300 },
    });
    const { hydrated } = await social.loadVisible(ctx, hal.id, [post.id]);
    const pollId = hydrated.polls.get(post.id)!.id;
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => social.vote(ctx, hal.id, pollId, [0])));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const poll = await social.getPoll(ctx, hal.id, pollId);
    expect(poll.votersCount).toBe(1);
    expect(poll.options[0].votesCount).toBe(1);
  });

  it('rejects over-long posts and threads replies', async () => {
    const ivy = await person('ivy');
    await expect(social.createStatus(ctx, ivy.id, { text: 'x'.repeat(501) })).rejects.toMatchObject({
      code: 'text_too_long',
    });
    const root = await social.createStatus(ctx, ivy.id, { text: 'root' });
    const reply = await social.createStatus(ctx, ivy.id, { text: 'reply', inReplyToId: root.id });
    const deeper = await social.createStatus(ctx, ivy.id, { text: 'deeper', inReplyToId: reply.id });
    const thread = await social.contextSkeleton(t.ctx.db, reply.id);
    expect(thread).toEqual({ ancestors: [root.id], descendants: [deeper.id] });
  });
});
