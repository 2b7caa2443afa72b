// Messages of moderation. French is the reference; en must define the same keys.
export const moderationFr = {} as const;
export const moderationEn: Record<keyof typeof moderationFr, string> = {};
