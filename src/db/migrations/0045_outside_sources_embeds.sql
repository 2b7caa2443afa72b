CREATE TABLE "brand_sources" (
	"id" uuid PRIMARY KEY NOT NULL,
	"brand_id" uuid NOT NULL,
	"source_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_by_id" uuid,
	"failing_notified_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "listening_sources" (
	"id" uuid PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"site_url" text,
	"title" text DEFAULT '' NOT NULL,
	"etag" text,
	"last_modified" text,
	"interval_seconds" integer DEFAULT 900 NOT NULL,
	"next_fetch_at" timestamp with time zone DEFAULT now() NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"last_fetched_at" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"last_new_item_at" timestamp with time zone,
	"last_error" text,
	"last_error_at" timestamp with time zone,
	"failing_since" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outside_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"source_id" uuid NOT NULL,
	"dedupe_key" text NOT NULL,
	"url" text,
	"title" text DEFAULT '' NOT NULL,
	"text" text DEFAULT '' NOT NULL,
	"author_name" text,
	"language" text,
	"published_at" timestamp with time zone NOT NULL,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "embed_settings" (
	"brand_id" uuid PRIMARY KEY NOT NULL,
	"allow_any_origin" boolean DEFAULT true NOT NULL,
	"allowed_origins" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "brand_sources" ADD CONSTRAINT "brand_sources_brand_id_accounts_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "brand_sources" ADD CONSTRAINT "brand_sources_source_id_listening_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."listening_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "brand_sources" ADD CONSTRAINT "brand_sources_created_by_id_accounts_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outside_items" ADD CONSTRAINT "outside_items_source_id_listening_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."listening_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "embed_settings" ADD CONSTRAINT "embed_settings_brand_id_accounts_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "brand_sources_once_key" ON "brand_sources" USING btree ("brand_id","source_id");--> statement-breakpoint
CREATE INDEX "brand_sources_source_idx" ON "brand_sources" USING btree ("source_id");--> statement-breakpoint
CREATE UNIQUE INDEX "listening_sources_url_key" ON "listening_sources" USING btree ("url");--> statement-breakpoint
CREATE INDEX "listening_sources_due_idx" ON "listening_sources" USING btree ("next_fetch_at");--> statement-breakpoint
CREATE UNIQUE INDEX "outside_items_once_key" ON "outside_items" USING btree ("source_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "outside_items_source_time_idx" ON "outside_items" USING btree ("source_id","fetched_at");--> statement-breakpoint
-- Which sites may frame a brand's widgets shows on its /embed/ pages, which the page cache keeps (migration 0044).
CREATE TRIGGER pages_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON embed_settings
  FOR EACH STATEMENT EXECUTE FUNCTION comptoir_pages_changed();
