CREATE TABLE "preview_cards" (
	"url" text PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"author_name" text DEFAULT '' NOT NULL,
	"author_url" text DEFAULT '' NOT NULL,
	"provider_name" text DEFAULT '' NOT NULL,
	"provider_url" text DEFAULT '' NOT NULL,
	"image" text,
	"image_description" text DEFAULT '' NOT NULL,
	"width" integer DEFAULT 0 NOT NULL,
	"height" integer DEFAULT 0 NOT NULL,
	"language" text,
	"published_at" timestamp with time zone,
	"error" text,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "status_cards" (
	"status_id" uuid PRIMARY KEY NOT NULL,
	"url" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "oauth_tokens" ADD COLUMN "refresh_token_hash" text;--> statement-breakpoint
ALTER TABLE "oauth_tokens" ADD COLUMN "family_id" uuid;--> statement-breakpoint
ALTER TABLE "oauth_tokens" ADD COLUMN "refreshed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "status_cards" ADD CONSTRAINT "status_cards_status_id_statuses_id_fk" FOREIGN KEY ("status_id") REFERENCES "public"."statuses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "oauth_tokens_family_idx" ON "oauth_tokens" USING btree ("family_id");--> statement-breakpoint
ALTER TABLE "oauth_tokens" ADD CONSTRAINT "oauth_tokens_refresh_token_hash_unique" UNIQUE("refresh_token_hash");