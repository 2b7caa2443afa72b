// The community module's public face: a brand's discussion spaces (spaces/) and public product
// questions and answers (qa/). Named exports only; tables are reached through src/db/schema.ts.
export {};
