// Where the brand's team finds the inbox's pages in its back office (paths under the site's root).
const brandPath = (brandUsername: string) => `/brands/${encodeURIComponent(brandUsername)}`;

/** The inbox's list, or one conversation's page. */
export const inboxPageUrl = (brandUsername: string, conversationId?: string) =>
  conversationId ? `${brandPath(brandUsername)}/inbox/${conversationId}` : `${brandPath(brandUsername)}/inbox`;

/** The customer's file (other parts link to it). */
export const customerFileUrl = (brandUsername: string, accountId: string) =>
  `${brandPath(brandUsername)}/customers/${accountId}`;

export const brandOrderUrl = (brandUsername: string, orderId: string) =>
  `${brandPath(brandUsername)}/orders/${orderId}`;
