-- Search (src/modules/listening/search): text search configurations, the posts' search table
-- and its trigger, expression indexes for accounts and products.
--
-- Our own snowball dictionaries without stop words: PGlite ships the french and english
-- snowball stemmers but not their stop-word files, so the stock configurations behave
-- differently on PGlite and on a server. These behave the same on both; the query parser
-- drops common stop words itself (query.ts).
CREATE TEXT SEARCH DICTIONARY comptoir_french_stem (TEMPLATE = snowball, LANGUAGE = french);
--> statement-breakpoint
CREATE TEXT SEARCH DICTIONARY comptoir_english_stem (TEMPLATE = snowball, LANGUAGE = english);
--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION comptoir_fr (COPY = simple);
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION comptoir_fr ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, comptoir_french_stem;
--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION comptoir_en (COPY = simple);
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION comptoir_en ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, comptoir_english_stem;
--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION comptoir_simple (COPY = simple);
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION comptoir_simple ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, simple;
--> statement-breakpoint
-- A document's vector in its language; unknown languages get both stemmings (positions of the
-- second follow the first, so phrases never straddle them).
CREATE FUNCTION comptoir_tsv(lang text, body text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN lang = 'fr' THEN to_tsvector('public.comptoir_fr'::regconfig, coalesce(body, ''))
    WHEN lang = 'en' THEN to_tsvector('public.comptoir_en'::regconfig, coalesce(body, ''))
    ELSE to_tsvector('public.comptoir_fr'::regconfig, coalesce(body, '')) || to_tsvector('public.comptoir_en'::regconfig, coalesce(body, ''))
  END
$$;
--> statement-breakpoint
-- Public posts and replies as search sees them. A side table rather than a stored column on
-- statuses: adding a stored generated column rewrites statuses (millions of rows, locked), and
-- an expression index alone would make ranking and "newest first" recompute to_tsvector for
-- every candidate row. Kept by the trigger below in the same transaction as the post.
CREATE TABLE "status_search" (
	"status_id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"language" text,
	"created_at" timestamp with time zone NOT NULL,
	"tsv" tsvector NOT NULL
);
--> statement-breakpoint
ALTER TABLE "status_search" ADD CONSTRAINT "status_search_status_id_statuses_id_fk" FOREIGN KEY ("status_id") REFERENCES "public"."statuses"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "status_search_tsv_idx" ON "status_search" USING gin ("tsv");
--> statement-breakpoint
CREATE INDEX "status_search_account_idx" ON "status_search" USING btree ("account_id","status_id");
--> statement-breakpoint
CREATE INDEX "status_search_created_idx" ON "status_search" USING btree ("created_at");
--> statement-breakpoint
CREATE FUNCTION comptoir_status_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.visibility = 'public' AND NEW.reblog_of_id IS NULL THEN
    INSERT INTO status_search (status_id, account_id, language, created_at, tsv)
    VALUES (NEW.id, NEW.account_id, NEW.language, NEW.created_at, public.comptoir_tsv(NEW.language, NEW.spoiler_text || ' ' || NEW.text))
    ON CONFLICT (status_id) DO UPDATE SET account_id = EXCLUDED.account_id, language = EXCLUDED.language, created_at = EXCLUDED.created_at, tsv = EXCLUDED.tsv;
  ELSIF TG_OP = 'UPDATE' THEN
    DELETE FROM status_search WHERE status_id = NEW.id;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER statuses_search_insert AFTER INSERT ON statuses FOR EACH ROW EXECUTE FUNCTION comptoir_status_search_sync();
--> statement-breakpoint
CREATE TRIGGER statuses_search_update AFTER UPDATE OF text, spoiler_text, language, visibility, account_id, reblog_of_id ON statuses FOR EACH ROW EXECUTE FUNCTION comptoir_status_search_sync();
--> statement-breakpoint
INSERT INTO status_search (status_id, account_id, language, created_at, tsv)
SELECT id, account_id, language, created_at, comptoir_tsv(language, spoiler_text || ' ' || text) FROM statuses
WHERE visibility = 'public' AND reblog_of_id IS NULL;
--> statement-breakpoint
-- Accounts (people and brand pages) and products: small tables, expression indexes.
CREATE INDEX "accounts_search_tsv_idx" ON "accounts" USING gin (public.comptoir_tsv(NULL, username || ' ' || display_name || ' ' || note));
--> statement-breakpoint
CREATE INDEX "products_search_tsv_idx" ON "products" USING gin (public.comptoir_tsv(NULL, title || ' ' || description)) WHERE status = 'published';
--> statement-breakpoint
CREATE INDEX "reviews_search_tsv_idx" ON "reviews" USING gin (public.comptoir_tsv(language, coalesce(title, '') || ' ' || body)) WHERE status = 'published';
