-- Extensions both PGlite and the PostgreSQL server ship (Debian's postgresql-contrib).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS accounts_search_trgm_idx ON accounts USING gin ((lower(username || ' ' || display_name)) gin_trgm_ops);
