/**
 * The Q&A's product page extension (registered by src/links/community-qa.ts before the reviews,
 * so the FAQ shows above them): its section and the FAQ in the Product JSON-LD.
 */
import { sql } from 'drizzle-orm';
import { jsx } from 'hono/jsx';
import { queryRows } from '../../../db/client';
import type { ProductPageExtension } from '../../commerce';
import { faqJsonLd, faqOf, listQuestions } from './listing';
import { answerersOf, isVerifiedBuyer, teamStanding } from './rules';
import { QaSection, type QaSectionData } from './views/section';

export const productQaSection: ProductPageExtension = {
  name: 'questions',
  async load(db, input): Promise<QaSectionData> {
    const viewerId = input.viewerId;
    const [standing, brand, answerers] = await Promise.all([
      teamStanding(db, input.brandId, viewerId),
      queryRows<{ username: string; name: string }>(
        db,
        sql`select username, coalesce(nullif(display_name, ''), username) as name from accounts where id = ${input.brandId}`,
      ),
      answerersOf(db, input.brandId),
    ]);
    const questions = await listQuestions(db, { productId: input.productId, viewerId, team: standing !== null });
    const pagePath = `/@${brand[0]?.username ?? ''}/products/${input.productId}`;
    let mayAnswer = standing === 'official';
    if (viewerId && standing === null && answerers !== 'team')
      mayAnswer = answerers === 'anyone' || (await isVerifiedBuyer(db, viewerId, input.productId));
    return {
      productId: input.productId,
      pagePath,
      pageUrl: `${input.publicUrl}${pagePath}`,
      brandName: brand[0]?.name ?? '',
      viewerId,
      official: standing === 'official',
      mayAnswer,
      mayAsk: viewerId !== null && viewerId !== input.brandId && standing === null,
      questions,
      faq: faqOf(questions),
      notice: input.query.qa ?? null,
    };
  },
  render(v, data) {
    return jsx(QaSection, { v, data: data as QaSectionData });
  },
  jsonLd(data) {
    const d = data as QaSectionData;
    return faqJsonLd(d.faq, d.pageUrl);
  },
};
