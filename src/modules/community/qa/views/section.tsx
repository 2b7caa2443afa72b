/**
 * The product page's questions and answers: the FAQ (the most helpful answered questions) first,
 * then every question with its answers (the brand's official answer and verified buyers
 * labelled), helpful buttons (htmx swaps them; without JavaScript a redirect back), the answer
 * forms for those the brand lets answer and the ask form. Pending texts show only to their author
 * and the team, marked as such.
 */
import type { FC } from 'hono/jsx';
import { CsrfField, Flash } from '../../../../web/components';
import type { Locale, MessageKey, T } from '../../../../web/i18n';
import type { AnswerView, FaqEntry, QuestionView } from '../listing';
import { MAX_ANSWER, MAX_QUESTION } from '../rules';

export type QaSectionData = {
  productId: string;
  pagePath: string;
  pageUrl: string;
  brandName: string;
  viewerId: string | null;
  /** The viewer answers for the brand. */
  official: boolean;
  /** The viewer may answer (officially, or as the brand's setting allows). */
  mayAnswer: boolean;
  /** The viewer may ask (signed in, not the brand's team). */
  mayAsk: boolean;
  questions: QuestionView[];
  faq: FaqEntry[];
  notice: string | null;
};

/** What the section needs of the page (commerce's extension view). */
type V = { t: T; locale: Locale; csrf: string };

export const HelpfulButton: FC<{
  v: V;
  type: 'question' | 'answer';
  subject: Pick<AnswerView, 'id' | 'helpfulCount' | 'voted' | 'status' | 'author'>;
  viewerId: string | null;
  back?: string;
}> = ({ v, type, subject, viewerId, back }) => {
  const count = { count: subject.helpfulCount };
  if (subject.status !== 'published') return null;
  if (!viewerId)
    return (
      <p class="qa-helpful muted small">
        <a href={`/login?next=${encodeURIComponent(`/${type}s/${subject.id}`)}`}>{v.t('qa.helpful.sign_in')}</a> ·{' '}
        {v.t('qa.helpful.button', count)}
      </p>
    );
  if (viewerId === subject.author.id) return <p class="qa-helpful muted small">{v.t('qa.helpful.button', count)}</p>;
  const action = `/${type}s/${subject.id}/helpful`;
  return (
    <form method="post" action={action} class="qa-helpful" hx-post={action} hx-target="this" hx-swap="outerHTML">
      <CsrfField token={v.csrf} />
      <input type="hidden" name="helpful" value={subject.voted ? '0' : '1'} />
      {back ? <input type="hidden" name="back" value={back} /> : null}
      <button
        type="submit"
        class={`button small ${subject.voted ? 'secondary' : 'ghost'}`}
        aria-pressed={subject.voted ? 'true' : 'false'}
      >
        {subject.voted ? v.t('qa.helpful.voted', count) : v.t('qa.helpful.button', count)}
      </button>
    </form>
  );
};

const Labels: FC<{ v: V; answer: AnswerView }> = ({ v, answer }) => (
  <>
    {answer.official ? <span class="badge qa-official">{v.t('qa.official')}</span> : null}
    {answer.verifiedBuyer ? <span class="badge qa-verified">{v.t('qa.verified_buyer')}</span> : null}
    {answer.status === 'pending' ? <span class="badge qa-pending">{v.t('qa.pending')}</span> : null}
  </>
);

const nameOf = (a: AnswerView['author']) => a.displayName || a.username;

const Answer: FC<{ v: V; d: QaSectionData; answer: AnswerView }> = ({ v, d, answer }) => (
  <li class={`qa-answer${answer.official ? ' qa-answer-official' : ''}`} id={`answer-${answer.id}`}>
    <p class="qa-labels">
      <Labels v={v} answer={answer} />
    </p>
    <p class="qa-text" lang={answer.language ?? undefined}>
      {answer.text}
    </p>
    <p class="qa-meta muted small">
      {answer.official
        ? v.t('qa.official_by', { brand: d.brandName })
        : v.t('qa.answered_by', { name: nameOf(answer.author) })}
    </p>
    <HelpfulButton v={v} type="answer" subject={answer} viewerId={d.viewerId} back={d.pagePath} />
  </li>
);

const TextForm: FC<{ v: V; action: string; id: string; label: MessageKey; submit: MessageKey; max: number }> = ({
  v,
  action,
  id,
  label,
  submit,
  max,
}) => (
  <form method="post" action={action} class="form qa-form">
    <CsrfField token={v.csrf} />
    <div class="field">
      <label for={id}>{v.t(label)}</label>
      <textarea id={id} name="text" rows={3} maxlength={max} required></textarea>
    </div>
    <button type="submit" class="button primary small">
      {v.t(submit)}
    </button>
  </form>
);

const Question: FC<{ v: V; d: QaSectionData; question: QuestionView }> = ({ v, d, question }) => (
  <li class="qa-question" id={`question-${question.id}`}>
    <article aria-labelledby={`question-text-${question.id}`}>
      <p class="qa-text qa-question-text" id={`question-text-${question.id}`} lang={question.language ?? undefined}>
        {question.text}
      </p>
      <p class="qa-meta muted small">
        {v.t('qa.asked_by', { name: nameOf(question.author) })}
        {question.status === 'pending' ? <span class="badge qa-pending">{v.t('qa.pending')}</span> : null}
      </p>
      <HelpfulButton v={v} type="question" subject={question} viewerId={d.viewerId} back={d.pagePath} />
      {question.answers.length ? (
        <ul class="qa-answers" aria-label={v.t('qa.answers_count', { count: question.answers.length })}>
          {question.answers.map((answer) => (
            <Answer v={v} d={d} answer={answer} />
          ))}
        </ul>
      ) : (
        <p class="muted small">{v.t('qa.no_answer')}</p>
      )}
      {d.mayAnswer && (question.status === 'published' || d.official) ? (
        <details class="qa-answer-form">
          <summary>{v.t(d.official ? 'qa.answer.title_official' : 'qa.answer.title')}</summary>
          <TextForm
            v={v}
            action={`/questions/${question.id}/answers`}
            id={`answer-text-${question.id}`}
            label="qa.answer.field"
            submit="qa.answer.submit"
            max={MAX_ANSWER}
          />
        </details>
      ) : null}
    </article>
  </li>
);

const notices: Record<string, MessageKey> = {
  asked: 'qa.notice.asked',
  asked_pending: 'qa.notice.asked_pending',
  answered: 'qa.notice.answered',
  answered_pending: 'qa.notice.answered_pending',
};

export const QaSection: FC<{ v: V; data: QaSectionData }> = ({ v, data: d }) => (
  <section id="questions" class="card product-qa" aria-labelledby="qa-title">
    <h2 id="qa-title">{v.t('qa.title')}</h2>
    {d.notice && notices[d.notice] ? <Flash kind="success">{v.t(notices[d.notice])}</Flash> : null}
    {d.faq.length ? (
      <div id="faq" class="qa-faq">
        <h3>{v.t('qa.faq.title')}</h3>
        <dl>
          {d.faq.map(({ question, answer }) => (
            <div class="qa-faq-item">
              <dt>
                <a href={`#question-${question.id}`}>{question.text}</a>
              </dt>
              <dd>
                <p class="qa-labels">
                  <Labels v={v} answer={answer} />
                </p>
                <p class="qa-text">{answer.text}</p>
              </dd>
            </div>
          ))}
        </dl>
      </div>
    ) : null}
    <h3>{v.t('qa.all.title', { count: d.questions.length })}</h3>
    {d.questions.length ? (
      <ol class="qa-questions">
        {d.questions.map((question) => (
          <Question v={v} d={d} question={question} />
        ))}
      </ol>
    ) : (
      <p class="muted">{v.t('qa.empty')}</p>
    )}
    {d.mayAsk ? (
      <div class="qa-ask">
        <h3>{v.t('qa.ask.title')}</h3>
        <p class="muted small">{v.t('qa.ask.hint')}</p>
        <TextForm
          v={v}
          action={`/products/${d.productId}/questions`}
          id="question-text"
          label="qa.ask.field"
          submit="qa.ask.submit"
          max={MAX_QUESTION}
        />
      </div>
    ) : d.viewerId ? null : (
      <p>
        <a href={`/login?next=${encodeURIComponent(`${d.pagePath}#questions`)}`}>{v.t('qa.ask.sign_in')}</a>
      </p>
    )}
  </section>
);
