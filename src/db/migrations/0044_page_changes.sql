-- Pages of logged-out readers are cached until the data they show changes (src/web/page-cache.ts):
-- every write to a table that can show on a page notifies 'comptoir_pages' once per transaction
-- (NOTIFY folds identical payloads and is delivered after commit, to every app node). Tables of
-- pure bookkeeping (jobs, sessions, tokens, rate limits, job cursors, private carts and addresses,
-- brands' analytics and listening matches, which no public page shows) stay quiet, so background
-- jobs do not empty the cache every second.
-- A later migration that creates a table shown on public pages adds the same trigger.
CREATE OR REPLACE FUNCTION comptoir_pages_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('comptoir_pages', '');
  RETURN NULL;
END $$;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOR t IN
    SELECT tablename FROM pg_tables
    WHERE schemaname = current_schema()
      AND tablename NOT IN ('settings', 'jobs', 'sessions', 'idempotency_keys', 'rate_limits', 'app_nodes',
        'federation_kv', 'oauth_codes', 'oauth_tokens', 'credentials', 'funnel_reach_salts', 'funnel_reach_seen',
        'analytics_ladder_dirty', 'inbox_presence', 'webhook_deliveries', 'cart_items', 'payment_methods',
        'addresses', 'notifications', 'watch_matches', 'watch_alerts', 'analytics_counts', 'analytics_interactions',
        'analytics_ladder_daily', 'analytics_ladder_people', 'inbox_sla_records')
  LOOP
    EXECUTE format('CREATE TRIGGER pages_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
      'FOR EACH STATEMENT EXECUTE FUNCTION comptoir_pages_changed()', t);
  END LOOP;
END $$;
--> statement-breakpoint
-- settings holds both what pages show and the background jobs' cursors: only the former notify.
CREATE TRIGGER pages_changed_insert AFTER INSERT ON settings FOR EACH ROW
  WHEN (NOT (NEW.key LIKE '%cursor%' OR NEW.key LIKE 'analytics.%' OR NEW.key LIKE 'watches.%'))
  EXECUTE FUNCTION comptoir_pages_changed();
--> statement-breakpoint
CREATE TRIGGER pages_changed_update AFTER UPDATE ON settings FOR EACH ROW
  WHEN (NOT (NEW.key LIKE '%cursor%' OR NEW.key LIKE 'analytics.%' OR NEW.key LIKE 'watches.%'))
  EXECUTE FUNCTION comptoir_pages_changed();
--> statement-breakpoint
CREATE TRIGGER pages_changed_delete AFTER DELETE ON settings FOR EACH ROW
  WHEN (NOT (OLD.key LIKE '%cursor%' OR OLD.key LIKE 'analytics.%' OR OLD.key LIKE 'watches.%'))
  EXECUTE FUNCTION comptoir_pages_changed();
