// Tables of moderation (SQL in src/db/migrations, written by hand to match).
export {};
