// Listening messages (search, watches, dashboards, feeds). French is the reference; en must match.
export const listeningFr = {} as const;
export const listeningEn: Record<keyof typeof listeningFr, string> = {};
