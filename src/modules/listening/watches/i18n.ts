// Messages of watches. French is the reference; en must define the same keys.
export const watchesFr = {} as const;
export const watchesEn: Record<keyof typeof watchesFr, string> = {};
