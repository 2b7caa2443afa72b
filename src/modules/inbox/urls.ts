// Where the team's inbox pages live in a brand's back-office, and the customer's file they link to
// (the customers part builds that page at this address).
export const inboxPageUrl = (brandUsername: string, conversationId?: string) =>
  conversationId ? `/brands/${brandUsername}/inbox/${conversationId}` : `/brands/${brandUsername}/inbox`;

export const customerPageUrl = (brandUsername: string, accountId: string) =>
  `/brands/${brandUsername}/customers/${accountId}`;
