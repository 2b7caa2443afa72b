-- Watches and search over items read from outside sources (listening/sources).
--
-- A watch's outside matches are found by item when their item or their brand's source goes.
CREATE INDEX "watch_matches_outside_idx" ON "watch_matches" USING btree ("item_id") WHERE item_type = 'outside';
--> statement-breakpoint
-- A brand that stops listening to a source loses the matches its watches recorded from it (the
-- items stay for the other brands that listen). Statement triggers with transition tables: one
-- delete per statement however many rows go, cascades from a brand or a source included.
CREATE FUNCTION comptoir_brand_sources_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM watch_matches m
  USING gone g, watches w, outside_items o
  WHERE m.item_type = 'outside' AND m.watch_id = w.id AND w.brand_id = g.brand_id
    AND o.source_id = g.source_id AND m.item_id = o.id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER brand_sources_gone AFTER DELETE ON brand_sources
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION comptoir_brand_sources_gone();
--> statement-breakpoint
-- An item deleted (its source removed from the server, or pruned) takes its matches with it.
CREATE FUNCTION comptoir_outside_items_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM watch_matches m USING gone g WHERE m.item_type = 'outside' AND m.item_id = g.id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER outside_items_gone AFTER DELETE ON outside_items
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION comptoir_outside_items_gone();
--> statement-breakpoint
-- Search over a brand's outside items (search/outside.ts): the same document the matcher reads.
CREATE INDEX "outside_items_search_tsv_idx" ON "outside_items" USING gin (public.comptoir_tsv(language, title || ' ' || text));
