/**
 * Links the brand's team sees beside a reviewer on its reviews page (the customer's file, added
 * by src/links/inbox-customers.ts), so reputation does not know the modules that provide them.
 */
import type { BrandRole } from '../accounts';
import type { MessageKey } from '../../web/i18n';

export type ReviewerLink = { href: string; label: MessageKey };
export type ReviewerLinkMaker = (input: {
  brandUsername: string;
  authorId: string;
  role: BrandRole | null;
}) => ReviewerLink | null;

const makers = new Map<string, ReviewerLinkMaker>();

export const reviewerLinks = {
  /** Adds (or replaces, by name). Idempotent: every app context built registers again. */
  register(name: string, make: ReviewerLinkMaker) {
    makers.set(name, make);
  },
  /** The links for one reviewer, as this team member may follow them. */
  for(input: Parameters<ReviewerLinkMaker>[0]): ReviewerLink[] {
    return [...makers.values()].map((make) => make(input)).filter((l): l is ReviewerLink => l !== null);
  },
};
