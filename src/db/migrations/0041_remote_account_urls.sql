ALTER TABLE "accounts" ADD COLUMN "uri" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "url" text;--> statement-breakpoint
UPDATE "accounts" SET "uri" = "remote_actors"."uri", "url" = coalesce("remote_actors"."url", "remote_actors"."uri") FROM "remote_actors" WHERE "remote_actors"."account_id" = "accounts"."id";
