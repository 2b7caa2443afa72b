// The variables of saved replies (saved-replies.ts explains them). A missing value leaves the
// variable in the text, and a reply still holding one is refused (actions.ts).
export const VARIABLES = ['first_name', 'order_number', 'tracking_link'] as const;
export type Variable = (typeof VARIABLES)[number];
const VARIABLE = /\{\{\s*(first_name|order_number|tracking_link)\s*\}\}/g;

/** The variables a text still holds (a saved reply's unfilled ones). */
export const unfilled = (text: string): Variable[] => [
  ...new Set([...text.matchAll(VARIABLE)].map((m) => m[1] as Variable)),
];

/** Replaces each variable with its value; a missing value keeps the variable visible. */
export function fillVariables(text: string, values: Partial<Record<Variable, string | null>>): string {
  return text.replace(VARIABLE, (whole, name: Variable) => values[name] || whole);
}
