import { Article, LanguageString, Note, PUBLIC_COLLECTION } from '@fedify/vocab';
import { describe, expect, it } from 'vitest';
import { jsonDepth, refuseBody } from './body';
import { contentOf, visibilityOf } from './note';

const followers = 'https://mastodon.example/users/alice/followers';
const someone = new URL('https://other.example/users/bob');

describe('reading a remote post', () => {
  it('takes the visibility from the addressing, as Mastodon writes it', () => {
    const note = (to: URL[], cc: URL[]) => new Note({ tos: to, ccs: cc });
    expect(visibilityOf(note([PUBLIC_COLLECTION], [new URL(followers)]), followers)).toBe('public');
    expect(visibilityOf(note([new URL(followers)], [PUBLIC_COLLECTION]), followers)).toBe('unlisted');
    expect(visibilityOf(note([new URL(followers)], [someone]), followers)).toBe('private');
    expect(visibilityOf(note([someone], []), followers)).toBe('direct');
  });

  it('shows an Article as a note with its title, sanitised, in its declared language', () => {
    const article = new Article({
      name: 'Le <b>titre</b>',
      content: new LanguageString(
        '<p>Texte <img src=x onerror=alert(1)><a href="javascript:alert(1)">lien</a></p>',
        'fr',
      ),
      summary: 'CW',
    });
    const read = contentOf(article);
    expect(read.contentHtml).toBe('<p>Le titre</p><p>Texte <a>lien</a></p>');
    expect(read.text).toBe('Le titre\n\nTexte lien');
    expect(read.language).toBe('fr');
    expect(read.spoilerText).toBe('CW');
  });

  it('measures how deep a body nests, strings aside, and refuses what is too deep or not an object', () => {
    expect(jsonDepth('{"a":[{"b":"[[[{{{"}]}')).toBe(3);
    expect(refuseBody(`${'['.repeat(100)}${']'.repeat(100)}`)?.code).toBe('too_deep');
    expect(refuseBody('[1]')?.code).toBe('invalid_activity');
    expect(refuseBody('{"type":')?.code).toBe('invalid_json');
    expect(refuseBody('{"type":"Create"}')).toBeNull();
  });
});
