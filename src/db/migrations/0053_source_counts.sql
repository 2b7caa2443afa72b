CREATE TABLE "source_item_days" (
	"source_id" uuid NOT NULL,
	"day" date NOT NULL,
	"items" integer NOT NULL,
	CONSTRAINT "source_item_days_source_id_day_pk" PRIMARY KEY("source_id","day")
);
--> statement-breakpoint
ALTER TABLE "listening_sources" ADD COLUMN "items_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "source_item_days" ADD CONSTRAINT "source_item_days_source_id_listening_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."listening_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- The counts of the items already stored.
UPDATE "listening_sources" s SET "items_count" = c.n
  FROM (SELECT "source_id", count(*)::int AS n FROM "outside_items" GROUP BY "source_id") c
 WHERE c."source_id" = s."id";--> statement-breakpoint
INSERT INTO "source_item_days" ("source_id", "day", "items")
SELECT "source_id", ("fetched_at" AT TIME ZONE 'UTC')::date, count(*)::int FROM "outside_items"
 WHERE "fetched_at" >= now() - interval '8 days' GROUP BY 1, 2;
