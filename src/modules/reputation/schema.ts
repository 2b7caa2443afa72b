// The reputation module's tables (SQL in src/db/migrations, written by hand to match).
export {};
