CREATE TABLE "order_line_sales" (
	"order_line_id" uuid PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"reference_amount" integer NOT NULL,
	"regular_amount" integer NOT NULL,
	"ends_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "price_rule_products" (
	"rule_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	CONSTRAINT "price_rule_products_rule_id_product_id_pk" PRIMARY KEY("rule_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "price_rules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"brand_id" uuid NOT NULL,
	"label" text NOT NULL,
	"kind" text NOT NULL,
	"value" integer NOT NULL,
	"scope" text NOT NULL,
	"collection_id" uuid,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "price_rules_window" CHECK ("price_rules"."ends_at" > "price_rules"."starts_at"),
	CONSTRAINT "price_rules_value" CHECK (("price_rules"."kind" = 'percent' and "price_rules"."value" between 1 and 99) or ("price_rules"."kind" = 'amount' and "price_rules"."value" > 0))
);
--> statement-breakpoint
CREATE TABLE "variant_prices" (
	"id" uuid PRIMARY KEY NOT NULL,
	"variant_id" uuid NOT NULL,
	"amount" integer NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_to" timestamp with time zone,
	CONSTRAINT "variant_prices_period" CHECK ("variant_prices"."valid_to" is null or "variant_prices"."valid_to" >= "variant_prices"."valid_from")
);
--> statement-breakpoint
ALTER TABLE "order_line_sales" ADD CONSTRAINT "order_line_sales_order_line_id_order_lines_id_fk" FOREIGN KEY ("order_line_id") REFERENCES "public"."order_lines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_rule_products" ADD CONSTRAINT "price_rule_products_rule_id_price_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."price_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_rule_products" ADD CONSTRAINT "price_rule_products_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_rules" ADD CONSTRAINT "price_rules_brand_id_accounts_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_rules" ADD CONSTRAINT "price_rules_collection_id_collections_id_fk" FOREIGN KEY ("collection_id") REFERENCES "public"."collections"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_rules" ADD CONSTRAINT "price_rules_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "variant_prices" ADD CONSTRAINT "variant_prices_variant_id_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."variants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "price_rule_products_product_idx" ON "price_rule_products" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "price_rules_brand_time_idx" ON "price_rules" USING btree ("brand_id","ends_at","starts_at");--> statement-breakpoint
CREATE INDEX "variant_prices_variant_idx" ON "variant_prices" USING btree ("variant_id","valid_from");--> statement-breakpoint
-- Every variant that exists already gets its price now as its first price, since its creation.
INSERT INTO "variant_prices" ("id", "variant_id", "amount", "valid_from")
SELECT gen_random_uuid(), "id", "price_amount", "created_at" FROM "variants";
