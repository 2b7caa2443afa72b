CREATE TABLE "moderation_policies" (
	"brand_id" uuid PRIMARY KEY NOT NULL,
	"mode" text DEFAULT 'pre' NOT NULL,
	"max_delay_hours" integer DEFAULT 48 NOT NULL,
	"rules_text" text DEFAULT '' NOT NULL,
	"reasons" jsonb DEFAULT '[{"code":"personal_data","editable":true},{"code":"insult","editable":true},{"code":"advertising","editable":true},{"code":"off_topic","editable":false},{"code":"other_product","editable":false},{"code":"not_experience","editable":false},{"code":"customer_service","editable":false},{"code":"duplicate","editable":false},{"code":"other","editable":false}]'::jsonb NOT NULL,
	"allow_unverified_reviews" boolean DEFAULT true NOT NULL,
	"auto_approve_confident" boolean DEFAULT false NOT NULL,
	"auto_approve_min_confidence" real DEFAULT 0.9 NOT NULL,
	"staff_posts_need_approval" boolean DEFAULT false NOT NULL,
	"social_media_policy" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "moderation_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"brand_id" uuid,
	"type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"author_id" uuid,
	"product_id" uuid,
	"order_id" uuid,
	"flags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"flag_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"confidence" real DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"reason" text,
	"note" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"appeal_of" uuid,
	"appealed" boolean DEFAULT false NOT NULL,
	"appeal_text" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "moderation_actions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"item_id" uuid,
	"brand_id" uuid,
	"actor_id" uuid,
	"action" text NOT NULL,
	"reason" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"reporter_id" uuid NOT NULL,
	"target_type" text NOT NULL,
	"target_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"item_id" uuid,
	"outcome" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platform_roles" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "moderation_hidden_statuses" (
	"status_id" uuid PRIMARY KEY NOT NULL,
	"reason" text NOT NULL,
	"item_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "moderation_policies" ADD CONSTRAINT "moderation_policies_brand_id_accounts_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderation_items" ADD CONSTRAINT "moderation_items_brand_id_accounts_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderation_actions" ADD CONSTRAINT "moderation_actions_item_id_moderation_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."moderation_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_reporter_id_accounts_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_item_id_moderation_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."moderation_items"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platform_roles" ADD CONSTRAINT "platform_roles_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "moderation_items_queue_idx" ON "moderation_items" USING btree ("brand_id","id") WHERE "moderation_items"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "moderation_items_queue_type_idx" ON "moderation_items" USING btree ("brand_id","type","id") WHERE "moderation_items"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "moderation_items_queue_product_idx" ON "moderation_items" USING btree ("product_id","id") WHERE "moderation_items"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "moderation_items_queue_flags_idx" ON "moderation_items" USING gin ("flag_codes") WHERE "moderation_items"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "moderation_items_platform_idx" ON "moderation_items" USING btree ("id") WHERE "moderation_items"."status" = 'escalated' or ("moderation_items"."status" = 'pending' and "moderation_items"."brand_id" is null);--> statement-breakpoint
CREATE INDEX "moderation_items_author_idx" ON "moderation_items" USING btree ("author_id","id");--> statement-breakpoint
CREATE INDEX "moderation_items_subject_idx" ON "moderation_items" USING btree ("subject_id");--> statement-breakpoint
CREATE UNIQUE INDEX "moderation_items_open_subject_idx" ON "moderation_items" USING btree ("type","subject_id") WHERE "moderation_items"."status" in ('pending', 'escalated');--> statement-breakpoint
CREATE INDEX "moderation_actions_brand_idx" ON "moderation_actions" USING btree ("brand_id","created_at");--> statement-breakpoint
CREATE INDEX "moderation_actions_item_idx" ON "moderation_actions" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "reports_reporter_idx" ON "reports" USING btree ("reporter_id","id");--> statement-breakpoint
CREATE INDEX "reports_item_idx" ON "reports" USING btree ("item_id");
