import { describe, expect, it } from 'vitest';
import { absoluteUrl, decodeEntities, decodeHtml, parseCard } from './card-parse';

describe('reading a link preview from HTML', () => {
  it('prefers Open Graph, then Twitter, then the title and meta description', () => {
    const head = `<head><title>T</title><meta name="twitter:title" content="Tw">
      <meta name="description" content="D"></head>`;
    const twitter = parseCard(head, 'https://a.example/x');
    expect(twitter).toMatchObject({ title: 'Tw', description: 'D', image: null, language: null });
    expect(parseCard('<title> Only\n  a   title </title>', 'https://a.example/')?.title).toBe('Only a title');
    expect(parseCard('<html><body>nothing</body></html>', 'https://a.example/')).toBeNull();
  });

  it('reads only the head, not comments, scripts or the body', () => {
    const html = `<head><!-- <meta property="og:title" content="no"> -->
      <script>x = '<meta property="og:title" content="no">'</script>
      <meta property="og:title" content="yes"></head><body><meta property="og:description" content="no"></body>`;
    expect(parseCard(html, 'https://a.example/')).toMatchObject({ title: 'yes', description: '' });
  });

  it('keeps images to http(s) addresses, resolved against the page', () => {
    expect(absoluteUrl('/i.png', 'https://a.example/p/q')).toBe('https://a.example/i.png');
    expect(absoluteUrl('javascript:alert(1)', 'https://a.example/')).toBeNull();
    const dataImage = `<meta property="og:title" content="x">
      <meta property="og:image" content="data:image/png;base64,AAA">`;
    expect(parseCard(dataImage, 'https://a.example/')?.image).toBeNull();
  });

  it('decodes entities and charsets, and cuts long text', () => {
    expect(decodeEntities('&eacute;t&#233; &#x1F600; &bogus; &#0;')).toBe('été 😀 &bogus; &#0;');
    const latin1 = Buffer.from('<title>caf\xe9</title>', 'latin1');
    expect(decodeHtml(latin1, 'text/html; charset=iso-8859-1')).toBe('<title>café</title>');
    expect(parseCard(`<title>${'a'.repeat(500)}</title>`, 'https://a.example/')?.title).toHaveLength(200);
  });

  it('takes linear time on hostile markup', () => {
    const hostile = `<head>${'<meta content="'.repeat(20_000)}</head>`;
    // A scan that went back to the end of the page from every tag would not finish within the test's timeout.
    expect(parseCard(hostile, 'https://a.example/')).toBeNull();
  });
});
