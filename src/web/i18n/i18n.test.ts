import { describe, expect, it } from 'vitest';
import { translate } from './index';

describe('plural forms', () => {
  it('says one share and one reply, in French and English', () => {
    const counts = { reposts: 1, quotes: 2, replies: 1, accounts: 1 };
    expect(translate('fr', 'watch.counts', counts)).toBe('1 partage · 2 citations · 1 réponse · 1 compte');
    expect(translate('en', 'watch.counts', counts)).toBe('1 repost · 2 quotes · 1 reply · 1 account');
    expect(translate('en', 'watch.counts', { reposts: 0, quotes: 0, replies: 3, accounts: 1200 })).toBe(
      '0 reposts · 0 quotes · 3 replies · 1,200 accounts',
    );
    expect(translate('fr', 'watch.volume', { days: 1 })).toBe('Volume (1 jour)');
    expect(translate('fr', 'watch.volume', { days: 30 })).toBe('Volume (30 jours)');
    expect(translate('fr', 'search.followers', { count: 1 })).toBe('1 abonné');
  });
});
