import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, parseText, renderText, textLength, type RenderOptions } from './text.js';

const opts = (over: Partial<RenderOptions> = {}): RenderOptions => ({
  mentions: new Map([
    ['alice', 'https://comptoir.test/@alice'],
    ['bob_42', 'https://comptoir.test/@bob_42'],
  ]),
  shortLinks: new Map([['https://example.com/produits/pull-laine?ref=feed', 'https://comptoir.test/s/abc123']]),
  tagBase: 'https://comptoir.test/tags',
  ...over,
});

const LINK_ATTRS = 'rel="nofollow noopener noreferrer" target="_blank"';

describe('escapeHtml', () => {
  it('escapes the five special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
  it('leaves other text alone', () => {
    expect(escapeHtml('Été 2026 — 10 € ✨')).toBe('Été 2026 — 10 € ✨');
    expect(escapeHtml('')).toBe('');
  });
});

describe('parseText: mentions', () => {
  it('finds local mentions, lowercased and deduplicated', () => {
    expect(parseText('Hello @Alice and @bob_42, @alice again').mentions).toEqual(['alice', 'bob_42']);
  });
  it('accepts a mention at the start and after punctuation', () => {
    expect(parseText('@alice: (@bob) «@carol»').mentions).toEqual(['alice', 'bob', 'carol']);
  });
  it('ignores e-mail addresses and word-preceded @', () => {
    expect(parseText('write to contact@jachete.fr or a@b.com').mentions).toEqual([]);
    expect(parseText('été@alice').mentions).toEqual([]);
  });
  it('rejects usernames longer than 30 characters', () => {
    expect(parseText(`@${'a'.repeat(30)}`).mentions).toEqual(['a'.repeat(30)]);
    expect(parseText(`@${'a'.repeat(31)}`).mentions).toEqual([]);
  });
  it('returns remote mentions lowercased as user@domain', () => {
    expect(parseText('cc @Gargron@Mastodon.Social.').mentions).toEqual(['gargron@mastodon.social']);
  });
  it('a lone @ or @ followed by punctuation is not a mention', () => {
    expect(parseText('@ @. @-x').mentions).toEqual([]);
  });
});

describe('parseText: hashtags', () => {
  it('finds tags with French accents, lowercased, deduplicated, in order', () => {
    expect(parseText('#jachète le pull #Été2026 #ÉTÉ2026 #mode_éthique').tags).toEqual([
      'jachète',
      'été2026',
      'mode_éthique',
    ]);
  });
  it('NFC-normalizes tags (decomposed accents)', () => {
    const decomposed = '#e\u0301te\u0301';
    expect(parseText(decomposed).tags).toEqual(['été']);
    expect(parseText(`${decomposed} #été`).tags).toEqual(['été']);
  });
  it('requires at least one letter', () => {
    expect(parseText('#1 #2026 #_ #__1').tags).toEqual([]);
    expect(parseText('#1er').tags).toEqual(['1er']);
  });
  it('ignores # preceded by a word character or &', () => {
    expect(parseText('a#b &#39; &#x27; C#dev').tags).toEqual([]);
  });
  it('stops at punctuation', () => {
    expect(parseText('(#soldes), #promo! #lundi.').tags).toEqual(['soldes', 'promo', 'lundi']);
  });
});

describe('parseText: urls', () => {
  it('finds http and https URLs, deduplicated', () => {
    expect(parseText('see https://a.example/x and http://b.example https://a.example/x').urls).toEqual([
      'https://a.example/x',
      'http://b.example',
    ]);
  });
  it('strips trailing punctuation', () => {
    expect(parseText('go to https://example.com/page.').urls).toEqual(['https://example.com/page']);
    expect(parseText('https://example.com/a?b=1!?').urls).toEqual(['https://example.com/a?b=1']);
    expect(parseText('« https://example.com/fr »').urls).toEqual(['https://example.com/fr']);
    expect(parseText('"https://example.com/q"').urls).toEqual(['https://example.com/q']);
    expect(parseText("'https://example.com/q',").urls).toEqual(['https://example.com/q']);
    expect(parseText('https://example.com/fr»').urls).toEqual(['https://example.com/fr']);
  });
  it('keeps balanced parentheses and strips unbalanced ones', () => {
    expect(parseText('https://en.wikipedia.org/wiki/Pull_(vêtement)').urls).toEqual([
      'https://en.wikipedia.org/wiki/Pull_(vêtement)',
    ]);
    expect(parseText('(see https://en.wikipedia.org/wiki/Pull_(vêtement)).').urls).toEqual([
      'https://en.wikipedia.org/wiki/Pull_(vêtement)',
    ]);
    expect(parseText('(https://example.com/a)').urls).toEqual(['https://example.com/a']);
  });
  it('does not extract mentions or tags inside a URL', () => {
    const parsed = parseText('https://mastodon.social/@alice#comments');
    expect(parsed).toEqual({ mentions: [], tags: [], urls: ['https://mastodon.social/@alice#comments'] });
  });
  it('ignores a bare scheme and non-http schemes', () => {
    expect(parseText('https:// and ftp://x.example and javascript:alert(1)').urls).toEqual([]);
  });
  it('accepts an upper-case scheme', () => {
    expect(parseText('HTTPS://EXAMPLE.COM/X').urls).toEqual(['HTTPS://EXAMPLE.COM/X']);
  });
});

describe('parseText: all together', () => {
  it('extracts everything from a realistic post', () => {
    const text =
      'Nouveau drop chez @Alice ! Le pull en laine est dispo 👉 https://example.com/produits/pull-laine?ref=feed #jachète #MadeInFrance\ncc @bob_42@shop.example.fr';
    expect(parseText(text)).toEqual({
      mentions: ['alice', 'bob_42@shop.example.fr'],
      tags: ['jachète', 'madeinfrance'],
      urls: ['https://example.com/produits/pull-laine?ref=feed'],
    });
  });
  it('handles empty text', () => {
    expect(parseText('')).toEqual({ mentions: [], tags: [], urls: [] });
  });
});

describe('renderText', () => {
  it('wraps plain text in a paragraph and escapes it', () => {
    expect(renderText('Tom & Jerry say "hi" <3', opts())).toBe('<p>Tom &amp; Jerry say &quot;hi&quot; &lt;3</p>');
  });
  it('splits paragraphs on blank lines and single newlines into <br>', () => {
    expect(renderText('Ligne 1\nLigne 2\n\nParagraphe 2\n \n\n\nParagraphe 3', opts())).toBe(
      '<p>Ligne 1<br>Ligne 2</p><p>Paragraphe 2</p><p>Paragraphe 3</p>',
    );
  });
  it('normalizes CRLF and trims leading/trailing blank lines', () => {
    expect(renderText('\r\n\r\nA\r\nB\r\n\r\nC\r\n', opts())).toBe('<p>A<br>B</p><p>C</p>');
  });
  it('returns an empty string for blank text', () => {
    expect(renderText('', opts())).toBe('');
    expect(renderText(' \n\n \n', opts())).toBe('');
  });
  it('neutralizes script and img injections', () => {
    const html = renderText('<script>alert(1)</script> <img src=x onerror=alert(1)>', opts());
    expect(html).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;</p>');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
  });
  it('links a URL to its short link with a shortened display', () => {
    const html = renderText('Le pull: https://example.com/produits/pull-laine?ref=feed.', opts());
    expect(html).toBe(
      `<p>Le pull: <a href="https://comptoir.test/s/abc123" ${LINK_ATTRS}>example.com/produits/pull-lain…</a>.</p>`,
    );
  });
  it('links a URL missing from the short link map to itself, escaping the href', () => {
    const html = renderText('https://example.com/?a=1&b="2"x"', opts());
    expect(html).toBe(
      `<p><a href="https://example.com/?a=1&amp;b=&quot;2&quot;x" ${LINK_ATTRS}>example.com/?a=1&amp;b=&quot;2&quot;x</a>&quot;</p>`,
    );
  });
  it('does not truncate a display of exactly 30 characters', () => {
    const url = `https://${'a'.repeat(26)}.com`;
    expect(renderText(url, opts())).toBe(`<p><a href="${url}" ${LINK_ATTRS}>${'a'.repeat(26)}.com</a></p>`);
    const longer = `https://${'a'.repeat(27)}.com`;
    expect(renderText(longer, opts())).toContain(`>${'a'.repeat(27)}.co…</a>`);
  });
  it('links known mentions, keeping the typed case', () => {
    expect(renderText('Merci @Alice !', opts())).toBe(
      '<p>Merci <span class="h-card"><a href="https://comptoir.test/@alice" class="u-url mention">@<span>Alice</span></a></span> !</p>',
    );
  });
  it('leaves unknown and remote mentions as plain text', () => {
    expect(renderText('@nobody @alice@other.example', opts())).toBe('<p>@nobody @alice@other.example</p>');
  });
  it('links known remote mentions (with a port too) to their profile on their own server', () => {
    const mentions = new Map([
      ['bob@other.example', 'https://other.example/@bob'],
      ['eve@127.0.0.1:4000', 'http://127.0.0.1:4000/@eve'],
    ]);
    expect(renderText('@Bob@other.example et @eve@127.0.0.1:4000 !', opts({ mentions }))).toBe(
      '<p><span class="h-card"><a href="https://other.example/@bob" class="u-url mention">@<span>Bob</span></a></span> et ' +
        '<span class="h-card"><a href="http://127.0.0.1:4000/@eve" class="u-url mention">@<span>eve</span></a></span> !</p>',
    );
    expect(parseText('@eve@127.0.0.1:4000').mentions).toEqual(['eve@127.0.0.1:4000']);
  });
  it('links hashtags with the original case and an encoded lowercase href', () => {
    expect(renderText('#Été2026 !', opts())).toBe(
      '<p><a href="https://comptoir.test/tags/%C3%A9t%C3%A92026" class="mention hashtag" rel="tag">#<span>Été2026</span></a> !</p>',
    );
  });
  it('tolerates a trailing slash on tagBase', () => {
    expect(renderText('#soldes', opts({ tagBase: 'https://comptoir.test/tags/' }))).toContain(
      'href="https://comptoir.test/tags/soldes"',
    );
  });
  it('escapes profile URLs and tag bases', () => {
    const html = renderText(
      '@alice #x',
      opts({ mentions: new Map([['alice', 'https://h/"><script>']]), tagBase: 'https://h/"x' }),
    );
    expect(html).not.toContain('<script');
    expect(html).toContain('href="https://h/&quot;&gt;&lt;script&gt;"');
    expect(html).toContain('href="https://h/&quot;x/x"');
  });
  it('does not turn HTML entities typed by the user into tags', () => {
    expect(renderText('it&#39;s', opts())).toBe('<p>it&amp;#39;s</p>');
  });
  it('renders a full post', () => {
    const text = 'Nouveau drop chez @alice !\n\nDispo ici https://example.com/produits/pull-laine?ref=feed #jachète';
    expect(renderText(text, opts())).toBe(
      '<p>Nouveau drop chez <span class="h-card"><a href="https://comptoir.test/@alice" class="u-url mention">@<span>alice</span></a></span> !</p>' +
        `<p>Dispo ici <a href="https://comptoir.test/s/abc123" ${LINK_ATTRS}>example.com/produits/pull-lain…</a> ` +
        '<a href="https://comptoir.test/tags/jach%C3%A8te" class="mention hashtag" rel="tag">#<span>jachète</span></a></p>',
    );
  });
});

describe('textLength', () => {
  it('counts graphemes, not code units', () => {
    expect(textLength('')).toBe(0);
    expect(textLength('abc')).toBe(3);
    expect(textLength('été')).toBe(3);
    expect(textLength('e\u0301te\u0301')).toBe(3);
    expect(textLength('👍🏽')).toBe(1);
    expect(textLength('👨‍👩‍👧‍👦 🇫🇷')).toBe(3);
  });
  it('counts each URL as 23 characters', () => {
    expect(textLength('https://x.y')).toBe(23);
    expect(textLength(`voir https://example.com/${'a'.repeat(200)} !`)).toBe(5 + 23 + 2);
    expect(textLength('https://a.example https://a.example')).toBe(23 * 2 + 1);
  });
  it('counts mentions and tags as typed', () => {
    expect(textLength('@alice #été')).toBe(11);
  });
});

// ---------- properties ----------

const fragments = fc.constantFrom(
  '<script>',
  '</script>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">',
  '<p>',
  '<span>',
  'https://a.example/x?y=<z>&q="1"',
  'http://b.example/(c)).',
  '@alice',
  '@Bob@Remote.Example',
  '#Été',
  '#tag',
  '&#39;',
  '&',
  '"',
  "'",
  ' ',
  '\n',
  '\n\n',
  '(',
  ')',
  '<',
  '>',
  'é',
  '\u0301',
  'İ',
  'ẞ',
);
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.array(fc.oneof(fragments, fc.string({ maxLength: 6 })), { maxLength: 25 }).map((parts) => parts.join('')),
);

const ALLOWED_TAG = /<\/?(?:p|br|a|span)(?:\s[^<>]*)?>/g;
const unescapeHtml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

describe('properties', () => {
  const everyone = opts({
    mentions: new Map([
      ['alice', 'https://h/@alice'],
      ['bob', 'https://h/@bob'],
    ]),
  });

  it('renderText never emits markup other than our own tags', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const html = renderText(text, everyone);
        expect(html.toLowerCase()).not.toContain('<script');
        expect(html.replace(ALLOWED_TAG, '')).not.toContain('<');
      }),
      { numRuns: 2000 },
    );
  });

  it('renderText keeps every non-space character of a URL-free text', () => {
    const noUrl = anyText.filter((t) => !/https?:\/\//i.test(t));
    fc.assert(
      fc.property(noUrl, (text) => {
        const html = renderText(text, everyone);
        const visible = unescapeHtml(html.replace(ALLOWED_TAG, ''));
        expect(visible.replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
      }),
      { numRuns: 1000 },
    );
  });

  it('parseText never throws and returns lowercase, unique entities', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const { mentions, tags, urls } = parseText(text);
        for (const list of [mentions, tags, urls]) expect(new Set(list).size).toBe(list.length);
        for (const t of tags) expect(t).toBe(t.toLowerCase());
        for (const m of mentions) expect(m).toBe(m.toLowerCase());
        for (const u of urls) {
          expect(u).toMatch(/^https?:\/\/\S+$/i);
          expect(text).toContain(u);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('textLength is at most the grapheme count plus 23 per URL, and never throws', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const n = textLength(text);
        expect(Number.isInteger(n)).toBe(true);
        expect(n).toBeGreaterThanOrEqual(0);
        expect(n).toBeLessThanOrEqual(text.length + 23 * (text.match(/https?:\/\//gi)?.length ?? 0));
      }),
      { numRuns: 1000 },
    );
  });

  it('a URL-free text has the same length as its grapheme count', () => {
    const seg = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    fc.assert(
      fc.property(
        anyText.filter((t) => !/https?:\/\//i.test(t)),
        (text) => {
          expect(textLength(text)).toBe([...seg.segment(text)].length);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
