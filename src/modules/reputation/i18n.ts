// E-reputation messages (reviews, moderation, reports). French is the reference; en must match.
export const reputationFr = {} as const;
export const reputationEn: Record<keyof typeof reputationFr, string> = {};
