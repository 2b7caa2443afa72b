ALTER TABLE "follows" ADD COLUMN "show_reblogs" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "follows" ADD COLUMN "notify" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "follows" ADD COLUMN "languages" text[];--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "reach_muted" boolean DEFAULT false NOT NULL;