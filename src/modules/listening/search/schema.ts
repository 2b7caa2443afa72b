// Tables of search (SQL in src/db/migrations, written by hand to match).
export {};
