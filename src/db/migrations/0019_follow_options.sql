ALTER TABLE "follows" ADD COLUMN "show_reblogs" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "follows" ADD COLUMN "notify" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "follows" ADD COLUMN "languages" text[];--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "reach_muted" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- The home timeline filters by the follow's languages: the covering index of 0006 includes the
-- language too, so the per-account probe stays an index-only scan.
DROP INDEX IF EXISTS statuses_account_id_idx;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS statuses_account_id_idx ON statuses (account_id, id) INCLUDE (visibility, in_reply_to_account_id, reblog_of_id, language);
