// Where the brand's team opens things from a customer's file (paths under the site's root).

/** The customer's file in the brand's back-office; other parts link to it (agreed name). */
export const customerFileUrl = (brandUsername: string, accountId: string) =>
  `/brands/${encodeURIComponent(brandUsername)}/customers/${accountId}`;

/** The team's page of one conversation (the inbox's page). */
export const conversationUrl = (brandUsername: string, conversationId: string) =>
  `/brands/${encodeURIComponent(brandUsername)}/inbox/${conversationId}`;

export const brandOrderUrl = (brandUsername: string, orderId: string) =>
  `/brands/${encodeURIComponent(brandUsername)}/orders/${orderId}`;
