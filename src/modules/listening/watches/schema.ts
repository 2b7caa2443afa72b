// Tables of watches (SQL in src/db/migrations, written by hand to match).
export {};
