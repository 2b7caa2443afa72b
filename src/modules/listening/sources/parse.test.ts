import { describe, expect, it } from 'vitest';
import { feedLinks, htmlToText } from './html';
import { parseFeedDocument } from './parse';
import { delaySeconds, nextFetchAt, phaseOf } from './plan';

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Le blog du fromage &amp; du vin</title><link>https://blog.example/</link><language>fr-FR</language>
<item><title>Un &lt;b&gt;comté&lt;/b&gt; de 24 mois</title><link>/2026/comte</link><guid isPermaLink="false">post-1</guid>
<description><![CDATA[<p>Nous avons goûté <a href="https://shop.example/comte">le comté</a> de la fromagerie.<script>alert('x')</script><style>p{color:red}</style></p><p>C&#39;est très bon &amp; pas cher.</p>]]></description>
<dc:creator>Anne</dc:creator><pubDate>Mon, 07 Dec 2026 10:00:00 GMT</pubDate></item>
<item><title>Sans guid</title><link>https://blog.example/sans-guid</link><description>Juste un lien</description></item>
<item><description>Ni guid ni lien, seulement du texte</description></item>
<item><title>Lien dangereux</title><link>javascript:alert(1)</link><guid>post-js</guid></item>
</channel></rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><title>Cheese News</title>
<link href="https://news.example/" rel="alternate"/><link href="https://news.example/feed" rel="self"/>
<id>urn:news</id><updated>2026-12-07T09:00:00Z</updated>
<entry><id>urn:entry:1</id><title type="text">Why a &lt; b matters</title><link rel="alternate" href="https://news.example/1"/>
<updated>2026-12-02T00:00:00Z</updated><published>2026-12-01T00:00:00Z</published><author><name>Bob</name></author>
<content type="html">&lt;p&gt;The best cheese of the year, with &lt;em&gt;no&lt;/em&gt; doubt.&lt;/p&gt;</content></entry>
</feed>`;

const RDF = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://forum.example/"><title>Forum</title><link>https://forum.example/</link><description>d</description></channel>
<item rdf:about="https://forum.example/t/1"><title>Sujet 1</title><link>https://forum.example/t/1</link>
<description>Le beurre de la laiterie est vraiment très bon</description><dc:date>2026-12-01T08:00:00Z</dc:date><dc:creator>Zoé</dc:creator></item>
</rdf:RDF>`;

const JSON_FEED = JSON.stringify({
  version: 'https://jsonfeed.org/version/1.1',
  title: 'JSON Blog',
  home_page_url: 'https://json.example/',
  items: [
    {
      id: 42,
      url: 'https://json.example/42',
      title: 'Hello',
      content_html: '<p>The cheese is great and the butter is even better</p>',
      date_published: '2026-12-03T00:00:00Z',
      authors: [{ name: 'Jo' }],
    },
  ],
});

describe('parseFeedDocument', () => {
  it('reads RSS 2.0: text cleaned, links resolved, keys by guid, else link, else content', () => {
    const feed = parseFeedDocument(Buffer.from(RSS), 'application/rss+xml; charset=utf-8');
    expect(feed.format).toBe('rss');
    expect(feed.title).toBe('Le blog du fromage & du vin');
    expect(feed.siteUrl).toBe('https://blog.example/');
    const [first, second, third, fourth] = feed.items;
    expect(first).toMatchObject({
      dedupeKey: 'post-1',
      url: 'https://blog.example/2026/comte',
      title: 'Un comté de 24 mois',
      authorName: 'Anne',
      language: 'fr',
    });
    expect(first.text).toBe("Nous avons goûté le comté de la fromagerie. C'est très bon & pas cher.");
    expect(first.text).not.toMatch(/alert|color/);
    expect(first.publishedAt?.toISOString()).toBe('2026-12-07T10:00:00.000Z');
    expect(second.dedupeKey).toBe('https://blog.example/sans-guid');
    expect(second.publishedAt).toBeNull();
    expect(third.dedupeKey).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(third.url).toBeNull();
    // A javascript: link is never kept as the item's address.
    expect(fourth).toMatchObject({ dedupeKey: 'post-js', url: null });
  });

  it('reads Atom 1.0, RSS 1.0 (RDF) and JSON Feed', () => {
    const atom = parseFeedDocument(ATOM, 'application/atom+xml');
    expect(atom).toMatchObject({ format: 'atom', title: 'Cheese News', siteUrl: 'https://news.example/' });
    expect(atom.items[0]).toMatchObject({
      dedupeKey: 'urn:entry:1',
      url: 'https://news.example/1',
      title: 'Why a < b matters',
      text: 'The best cheese of the year, with no doubt.',
      authorName: 'Bob',
      language: 'en',
    });
    expect(atom.items[0].publishedAt?.toISOString()).toBe('2026-12-01T00:00:00.000Z');

    const rdf = parseFeedDocument(RDF, 'application/rdf+xml');
    expect(rdf).toMatchObject({ format: 'rdf', title: 'Forum' });
    expect(rdf.items[0]).toMatchObject({ dedupeKey: 'https://forum.example/t/1', authorName: 'Zoé', language: 'fr' });

    const json = parseFeedDocument(JSON_FEED, 'application/feed+json');
    expect(json).toMatchObject({ format: 'json', title: 'JSON Blog', siteUrl: 'https://json.example/' });
    expect(json.items[0]).toMatchObject({
      dedupeKey: '42',
      url: 'https://json.example/42',
      text: 'The cheese is great and the butter is even better',
      language: 'en',
    });
  });

  it('forgives common breakage: a byte order mark, junk before the XML, bare ampersands, control characters', () => {
    const broken = `\uFEFF\n<br />\n<b>Warning</b>: Cannot modify header information in /var/www/feed.php on line 3<br />
<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Fish & Chips</title><link>https://fish.example/</link>
<item><title>Salt & vinegar\u0001</title><link>https://fish.example/1?a=1&b=2</link></item></channel></rss>`;
    const feed = parseFeedDocument(Buffer.from(broken), 'text/xml');
    expect(feed.title).toBe('Fish & Chips');
    expect(feed.items).toHaveLength(1);
    expect(feed.items[0]).toMatchObject({ title: 'Salt & vinegar', url: 'https://fish.example/1?a=1&b=2' });
  });

  it('reads a feed in its declared charset', () => {
    const latin1 = Buffer.from(
      '<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>Crème brûlée</title><link>https://c.example/</link><item><title>Été</title><guid>1</guid></item></channel></rss>',
      'latin1',
    );
    const feed = parseFeedDocument(latin1, 'application/xml');
    expect(feed.title).toBe('Crème brûlée');
    expect(feed.items[0].title).toBe('Été');
  });

  it('keeps a billion laughs unexpanded, at once', () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">
${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('\n')}
]><rss version="2.0"><channel><title>&lol9;</title><link>https://l.example/</link><item><title>&lol9;</title><guid>g</guid><description>&lol9;</description></item></channel></rss>`;
    const started = performance.now();
    let parsed: ReturnType<typeof parseFeedDocument> | null = null;
    try {
      parsed = parseFeedDocument(lol, 'application/rss+xml');
    } catch (error) {
      expect(error).toMatchObject({ code: 'not_a_feed' });
    }
    expect(performance.now() - started).toBeLessThan(2000);
    // Either refused or read with the references left as they are: never a billion "lol".
    if (parsed) expect(JSON.stringify(parsed).length).toBeLessThan(2000);
  });

  it('never reads an external entity (XXE)', () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&xxe;</title><link>https://x.example/</link><item><title>&xxe;</title><guid>g</guid><description>&xxe;</description></item></channel></rss>`;
    let parsed: unknown = null;
    try {
      parsed = parseFeedDocument(xxe, 'application/rss+xml');
    } catch (error) {
      expect(error).toMatchObject({ code: 'not_a_feed' });
    }
    expect(JSON.stringify(parsed)).not.toMatch(/root:|nologin|\/bin\//);
  });

  it('refuses what is not a feed with not_a_feed', () => {
    for (const [body, type] of [
      ['<!doctype html><html><body><p>Bonjour</p></body></html>', 'text/html'],
      ['{"hello": "world"}', 'application/json'],
      ['{not json', 'application/json'],
      ['', 'application/rss+xml'],
      ['just words', 'text/plain'],
    ]) {
      expect(() => parseFeedDocument(body, type), body).toThrow(expect.objectContaining({ code: 'not_a_feed' }));
    }
  });

  it('reads at most 200 items of a long feed', () => {
    const items = Array.from({ length: 500 }, (_, i) => `<item><guid>g${i}</guid><title>T${i}</title></item>`).join('');
    const feed = parseFeedDocument(
      `<rss version="2.0"><channel><title>Big</title>${items}</channel></rss>`,
      'text/xml',
    );
    expect(feed.items).toHaveLength(200);
    expect(feed.items[0].dedupeKey).toBe('g0');
  });
});

describe('HTML helpers', () => {
  it('turns HTML into text: hidden content gone, entities decoded, blocks separated', () => {
    const html = `<div>Un<br>deux</div><p>trois&nbsp;&eacute;t&eacute; <a href="/x" onclick="evil()">lien</a></p>
      <script>var s = "</div>never";</script><noscript>no</noscript><iframe src="x">frame</iframe><svg><text>svg</text></svg>quatre`;
    expect(htmlToText(html)).toBe('Un deux trois\u00a0été lien quatre'.replace('\u00a0', ' '));
    expect(htmlToText('<p>x</p>'.repeat(10), 10)).toBe('x x x x x…');
  });

  it('finds the feeds a page announces, resolved against the page (or its <base>)', () => {
    const html = `<html><head>
      <link rel="stylesheet" href="/style.css">
      <link rel="alternate" type="application/rss+xml" href="/feed.xml" title="RSS">
      <link rel="alternate" type="application/atom+xml" href="https://other.example/atom">
      <link rel="alternate" type="text/html" hreflang="en" href="/en/">
      <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
      <link rel="Alternate Feed" type="Application/RSS+XML; charset=utf-8" href="feed2.xml">
    </head></html>`;
    expect(feedLinks(html, 'https://blog.example/dir/page')).toEqual([
      'https://blog.example/feed.xml',
      'https://other.example/atom',
      'https://blog.example/dir/feed2.xml',
    ]);
    expect(
      feedLinks(
        '<base href="https://cdn.example/a/"><link rel=alternate type=application/rss+xml href=f>',
        'https://x.example/',
      ),
    ).toEqual(['https://cdn.example/a/f']);
  });
});

describe('fetch plan', () => {
  it('doubles the delay per failure, up to a day, and never goes under a minute', () => {
    expect(delaySeconds(900, 0)).toBe(900);
    expect(delaySeconds(900, 1)).toBe(1800);
    expect(delaySeconds(900, 2)).toBe(3600);
    expect(delaySeconds(900, 10)).toBe(24 * 3600);
    expect(delaySeconds(10, 0)).toBe(60);
  });

  it('spreads sources over the interval by a stable phase', () => {
    const now = new Date('2026-12-07T12:00:00Z');
    const ids = Array.from({ length: 1000 }, (_, i) => `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`);
    const next = ids.map((id) => nextFetchAt(id, 900, 0, now).getTime() - now.getTime());
    for (const ms of next) {
      expect(ms).toBeGreaterThanOrEqual(450_000);
      expect(ms).toBeLessThan(1_350_000);
    }
    // Evenly spread: no minute of the interval gets more than a few times its share (1000 / 15).
    const perMinute = new Map<number, number>();
    for (const ms of next) {
      const minute = Math.floor(((now.getTime() + ms) % 900_000) / 60_000);
      perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
    }
    expect(Math.max(...perMinute.values())).toBeLessThan(120);
    expect(phaseOf(ids[0])).toBe(phaseOf(ids[0]));
    // After a failure: the backoff's delay plus at most a tenth of it.
    const failed = nextFetchAt(ids[1], 900, 1, now).getTime() - now.getTime();
    expect(failed).toBeGreaterThanOrEqual(1_800_000);
    expect(failed).toBeLessThanOrEqual(1_980_000);
  });
});
