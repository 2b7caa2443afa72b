/**
 * The post composer: a plain multipart form (text, up to 4 images with alt text, an optional
 * poll, visibility, language, and "post as" for brand teams). Works without JavaScript; app.js
 * only adds the live character counter driven by data-max-chars (and keeps a compact one open).
 */
import type { Child, FC } from 'hono/jsx';
import { MAX_MEDIA, POLL } from '../posts';
import type { ViewContext } from '../web-shared';
import { Icon } from './icons';

export type ComposerValues = {
  text: string;
  visibility: string;
  language: string;
  postAs: string;
  pollOptions: string[];
  pollExpiresIn: string;
  pollMultiple: boolean;
  alts: string[];
  spoilerText: string;
};

export const emptyComposer = (postAs = 'self', visibility = 'public'): ComposerValues => ({
  text: '',
  visibility,
  language: 'auto',
  postAs,
  pollOptions: [],
  pollExpiresIn: '86400',
  pollMultiple: false,
  alts: [],
  spoilerText: '',
});

export const POLL_DURATIONS = [300, 1800, 3600, 21600, 86400, 259200, 604800] as const;

export type PostAsOption = { value: string; label: string };

export type ComposerProps = {
  v: ViewContext;
  maxChars: number;
  values: ComposerValues;
  postAsOptions: PostAsOption[];
  /** Where to go after publishing. */
  next: string;
  replyTo?: { id: string; username: string } | null;
  quoteOf?: { id: string; username: string } | null;
  error?: string | null;
  /** Prefix for element ids, so two composers never clash on one page. */
  idPrefix?: string;
  autofocus?: boolean;
  /** Fields from registered extensions (extensions.ts composerExtras), e.g. the product picker. */
  extras?: Child;
  /**
   * One line and the post button until it gets focus or text (Mastodon's home composer): the
   * images, poll, products and visibility appear then. CSS does it, app.js keeps it open.
   */
  compact?: boolean;
};

function durationLabel(v: ViewContext, seconds: number): string {
  if (seconds < 3600) return v.t('social.composer.minutes', { count: seconds / 60 });
  if (seconds < 86400) return v.t('social.composer.hours', { count: seconds / 3600 });
  return v.t('social.composer.days', { count: seconds / 86400 });
}

export const Composer: FC<ComposerProps> = ({
  v,
  maxChars,
  values,
  postAsOptions,
  next,
  replyTo,
  quoteOf,
  error,
  idPrefix = 'composer',
  autofocus,
  extras,
  compact,
}) => {
  const id = (name: string) => `${idPrefix}-${name}`;
  const title = replyTo
    ? v.t('social.composer.reply_title', { name: `@${replyTo.username}` })
    : quoteOf
      ? v.t('social.composer.quote_title', { name: `@${quoteOf.username}` })
      : v.t('social.composer.title');
  const placeholder = replyTo ? v.t('social.composer.reply_placeholder') : v.t('social.composer.placeholder');
  const pollOpen = values.pollOptions.some((o) => o.trim() !== '');
  const mediaOpen = values.alts.some((a) => a.trim() !== '');
  const select = (name: string, label: string, current: string, options: { value: string; label: string }[]) => (
    <div class="field">
      <label for={id(name)}>{label}</label>
      <select id={id(name)} name={name}>
        {options.map((o) => (
          <option value={o.value} selected={o.value === current}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <form
      method="post"
      action="/statuses"
      enctype="multipart/form-data"
      class={compact ? 'compose stack is-compact' : 'compose stack'}
      id={idPrefix}
      aria-labelledby={id('title')}
    >
      <h2 id={id('title')} class={replyTo || quoteOf ? 'compose-title' : 'visually-hidden'}>
        {title}
      </h2>
      <input type="hidden" name="_csrf" value={v.csrf} />
      <input type="hidden" name="next" value={next} />
      {replyTo ? <input type="hidden" name="in_reply_to_id" value={replyTo.id} /> : null}
      {quoteOf ? <input type="hidden" name="quote_of_id" value={quoteOf.id} /> : null}
      {error ? (
        <div class="flash flash-error" role="alert" id={id('error')}>
          <p>{error}</p>
        </div>
      ) : null}
      <div class={`field compose-text${error ? ' has-error' : ''}`}>
        <label for={id('text')} class="visually-hidden">
          {v.t('social.composer.text_label')}
        </label>
        <textarea
          id={id('text')}
          name="text"
          rows={compact ? 1 : 3}
          placeholder={placeholder}
          data-max-chars={String(maxChars)}
          aria-describedby={[error ? id('error') : '', id('count')].filter(Boolean).join(' ')}
          aria-invalid={error ? 'true' : undefined}
          autofocus={autofocus || undefined}
        >
          {values.text}
        </textarea>
      </div>
      <div class="compose-extras">
        <details class="compose-section" open={mediaOpen || undefined}>
          <summary>
            <Icon name="image" /> {v.t('social.composer.images')}
          </summary>
          <p class="field-hint">{v.t('social.composer.images_hint', { count: MAX_MEDIA })}</p>
          <div class="grid cols-2 compose-images">
            {Array.from({ length: MAX_MEDIA }, (_, i) => (
              <fieldset class="fieldset">
                <legend>{v.t('social.composer.image_n', { n: i + 1 })}</legend>
                <div class="field">
                  <label for={id(`media-${i}`)}>{v.t('social.composer.image_file')}</label>
                  <input
                    type="file"
                    id={id(`media-${i}`)}
                    name={`media_${i}`}
                    accept="image/jpeg,image/png,image/webp,image/gif,image/avif"
                  />
                </div>
                <div class="field">
                  <label for={id(`alt-${i}`)}>{v.t('social.composer.image_alt')}</label>
                  <input
                    type="text"
                    id={id(`alt-${i}`)}
                    name={`alt_${i}`}
                    maxlength={1500}
                    value={values.alts[i] ?? ''}
                  />
                </div>
              </fieldset>
            ))}
          </div>
        </details>
        <details class="compose-section" open={pollOpen || undefined}>
          <summary>
            <Icon name="poll" /> {v.t('social.composer.poll')}
          </summary>
          <p class="field-hint">{v.t('social.composer.poll_hint', { min: POLL.minOptions, max: POLL.maxOptions })}</p>
          <div class="grid cols-2">
            {Array.from({ length: POLL.maxOptions }, (_, i) => (
              <div class="field">
                <label for={id(`poll-${i}`)}>{v.t('social.composer.poll_option', { n: i + 1 })}</label>
                <input
                  type="text"
                  id={id(`poll-${i}`)}
                  name={`poll_option_${i}`}
                  maxlength={POLL.maxOptionChars}
                  value={values.pollOptions[i] ?? ''}
                />
              </div>
            ))}
          </div>
          <div class="compose-poll-settings inline-form">
            {select(
              'poll_expires_in',
              v.t('social.composer.poll_duration'),
              values.pollExpiresIn,
              POLL_DURATIONS.map((s) => ({ value: String(s), label: durationLabel(v, s) })),
            )}
            <label class="check">
              <input type="checkbox" name="poll_multiple" value="1" checked={values.pollMultiple || undefined} />{' '}
              {v.t('social.composer.poll_multiple')}
            </label>
          </div>
        </details>
        <details class="compose-section" open={values.spoilerText ? true : undefined}>
          <summary>{v.t('social.composer.cw')}</summary>
          <div class="field">
            <label for={id('spoiler')}>{v.t('social.composer.cw_label')}</label>
            <input type="text" id={id('spoiler')} name="spoiler_text" maxlength={200} value={values.spoilerText} />
          </div>
        </details>
        {extras}
      </div>
      <div class={`grid ${postAsOptions.length > 1 ? 'cols-3' : 'cols-2'} compose-options`}>
        {select('visibility', v.t('social.composer.visibility'), values.visibility, [
          { value: 'public', label: v.t('social.visibility.public') },
          { value: 'unlisted', label: v.t('social.visibility.unlisted') },
          { value: 'private', label: v.t('social.visibility.private') },
          { value: 'direct', label: v.t('social.visibility.direct') },
        ])}
        {select('language', v.t('social.composer.language'), values.language, [
          { value: 'auto', label: v.t('social.composer.language_auto') },
          { value: 'fr', label: 'Français' },
          { value: 'en', label: 'English' },
        ])}
        {postAsOptions.length > 1
          ? select('post_as', v.t('social.composer.post_as'), values.postAs, postAsOptions)
          : null}
      </div>
      <div class="compose-tools">
        <output class="char-count" for={id('text')} id={id('count')} aria-live="polite">
          {v.t('social.composer.limit', { count: maxChars })}
        </output>
        <button type="submit" class="button primary">
          {replyTo ? v.t('social.composer.submit_reply') : v.t('social.composer.submit')}
        </button>
      </div>
    </form>
  );
};
