// Messages of search. French is the reference; en must define the same keys.
export const searchFr = {} as const;
export const searchEn: Record<keyof typeof searchFr, string> = {};
