import { describe, expect, it } from 'vitest';
import { foldBrackets } from './params';

describe('foldBrackets', () => {
  it('folds Mastodon-style form keys into nested values', () => {
    expect(
      foldBrackets([
        ['status', 'hello'],
        ['media_ids[]', '1'],
        ['media_ids[]', '2'],
        ['poll[options][]', 'a'],
        ['poll[options][]', 'b'],
        ['poll[expires_in]', '3600'],
      ]),
    ).toEqual({ status: 'hello', media_ids: ['1', '2'], poll: { options: ['a', 'b'], expires_in: '3600' } });
  });
});
