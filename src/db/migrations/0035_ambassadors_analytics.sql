CREATE TABLE "ambassador_links" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ambassador_id" uuid NOT NULL,
	"brand_id" uuid NOT NULL,
	"code" text NOT NULL,
	"target_kind" text NOT NULL,
	"target_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ambassador_links_code_unique" UNIQUE("code"),
	CONSTRAINT "ambassador_links_target" UNIQUE NULLS NOT DISTINCT("ambassador_id","target_kind","target_id")
);
--> statement-breakpoint
CREATE TABLE "ambassador_picks" (
	"ambassador_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "ambassador_picks_ambassador_id_product_id_pk" PRIMARY KEY("ambassador_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "ambassador_program_products" (
	"brand_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	CONSTRAINT "ambassador_program_products_brand_id_product_id_pk" PRIMARY KEY("brand_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "ambassador_program_rates" (
	"brand_id" uuid NOT NULL,
	"collection_id" uuid NOT NULL,
	"commission_bp" integer NOT NULL,
	CONSTRAINT "ambassador_program_rates_brand_id_collection_id_pk" PRIMARY KEY("brand_id","collection_id"),
	CONSTRAINT "ambassador_program_rates_commission" CHECK ("ambassador_program_rates"."commission_bp" between 0 and 5000)
);
--> statement-breakpoint
CREATE TABLE "ambassador_programs" (
	"brand_id" uuid PRIMARY KEY NOT NULL,
	"commission_bp" integer NOT NULL,
	"window_days" integer NOT NULL,
	"return_window_days" integer DEFAULT 14 NOT NULL,
	"min_payout_amount" integer DEFAULT 0 NOT NULL,
	"currency" text DEFAULT 'EUR' NOT NULL,
	"terms" text DEFAULT '' NOT NULL,
	"product_scope" text DEFAULT 'all' NOT NULL,
	"open_to_applications" boolean DEFAULT true NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ambassador_programs_commission" CHECK ("ambassador_programs"."commission_bp" between 0 and 5000),
	CONSTRAINT "ambassador_programs_window" CHECK ("ambassador_programs"."window_days" between 1 and 365),
	CONSTRAINT "ambassador_programs_return_window" CHECK ("ambassador_programs"."return_window_days" between 0 and 365),
	CONSTRAINT "ambassador_programs_min_payout" CHECK ("ambassador_programs"."min_payout_amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "ambassador_visits" (
	"id" uuid PRIMARY KEY NOT NULL,
	"link_id" uuid NOT NULL,
	"ambassador_id" uuid NOT NULL,
	"brand_id" uuid NOT NULL,
	"visitor" text,
	"account_id" uuid,
	"from_status_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ambassadors" (
	"id" uuid PRIMARY KEY NOT NULL,
	"brand_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"status" text NOT NULL,
	"message" text DEFAULT '' NOT NULL,
	"decided_by_id" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ambassadors_brand_account" UNIQUE("brand_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "order_attributions" (
	"order_id" uuid PRIMARY KEY NOT NULL,
	"brand_id" uuid NOT NULL,
	"ambassador_id" uuid NOT NULL,
	"link_id" uuid,
	"visit_id" uuid,
	"from_status_id" uuid,
	"excluded" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_counts" (
	"subject_kind" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"day" date NOT NULL,
	"value" bigint NOT NULL,
	CONSTRAINT "analytics_counts_subject_kind_subject_id_metric_day_pk" PRIMARY KEY("subject_kind","subject_id","metric","day")
);
--> statement-breakpoint
ALTER TABLE "ambassador_links" ADD CONSTRAINT "ambassador_links_ambassador_id_ambassadors_id_fk" FOREIGN KEY ("ambassador_id") REFERENCES "public"."ambassadors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ambassador_links" ADD CONSTRAINT "ambassador_links_brand_id_accounts_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ambassador_picks" ADD CONSTRAINT "ambassador_picks_ambassador_id_ambassadors_id_fk" FOREIGN KEY ("ambassador_id") REFERENCES "public"."ambassadors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ambassador_picks" ADD CONSTRAINT "ambassador_picks_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ambassador_program_products" ADD CONSTRAINT "ambassador_program_products_brand_id_ambassador_programs_brand_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."ambassador_programs"("brand_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ambassador_program_products" ADD CONSTRAINT "ambassador_program_products_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ambassador_program_rates" ADD CONSTRAINT "ambassador_program_rates_brand_id_ambassador_programs_brand_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."ambassador_programs"("brand_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ambassador_program_rates" ADD CONSTRAINT "ambassador_program_rates_collection_id_collections_id_fk" FOREIGN KEY ("collection_id") REFERENCES "public"."collections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ambassador_programs" ADD CONSTRAINT "ambassador_programs_brand_id_accounts_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ambassador_visits" ADD CONSTRAINT "ambassador_visits_link_id_ambassador_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."ambassador_links"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ambassador_visits" ADD CONSTRAINT "ambassador_visits_ambassador_id_ambassadors_id_fk" FOREIGN KEY ("ambassador_id") REFERENCES "public"."ambassadors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ambassador_visits" ADD CONSTRAINT "ambassador_visits_brand_id_accounts_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ambassador_visits" ADD CONSTRAINT "ambassador_visits_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ambassadors" ADD CONSTRAINT "ambassadors_brand_id_accounts_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ambassadors" ADD CONSTRAINT "ambassadors_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ambassadors" ADD CONSTRAINT "ambassadors_decided_by_id_accounts_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_attributions" ADD CONSTRAINT "order_attributions_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_attributions" ADD CONSTRAINT "order_attributions_brand_id_accounts_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_attributions" ADD CONSTRAINT "order_attributions_ambassador_id_ambassadors_id_fk" FOREIGN KEY ("ambassador_id") REFERENCES "public"."ambassadors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_attributions" ADD CONSTRAINT "order_attributions_link_id_ambassador_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."ambassador_links"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ambassador_links_brand_idx" ON "ambassador_links" USING btree ("brand_id");--> statement-breakpoint
CREATE INDEX "ambassador_visits_visitor_idx" ON "ambassador_visits" USING btree ("visitor","brand_id","at");--> statement-breakpoint
CREATE INDEX "ambassador_visits_account_idx" ON "ambassador_visits" USING btree ("account_id","brand_id","at");--> statement-breakpoint
CREATE INDEX "ambassador_visits_link_idx" ON "ambassador_visits" USING btree ("link_id","at");--> statement-breakpoint
CREATE INDEX "ambassador_visits_ambassador_idx" ON "ambassador_visits" USING btree ("ambassador_id","at");--> statement-breakpoint
CREATE INDEX "ambassadors_account_idx" ON "ambassadors" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "ambassadors_brand_status_idx" ON "ambassadors" USING btree ("brand_id","status");--> statement-breakpoint
CREATE INDEX "order_attributions_ambassador_idx" ON "order_attributions" USING btree ("ambassador_id","created_at");--> statement-breakpoint
CREATE INDEX "order_attributions_brand_idx" ON "order_attributions" USING btree ("brand_id","created_at");--> statement-breakpoint
CREATE INDEX "analytics_counts_day_idx" ON "analytics_counts" USING btree ("day");