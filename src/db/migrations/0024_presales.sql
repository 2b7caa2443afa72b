CREATE TABLE "presale_pledges" (
	"id" uuid PRIMARY KEY NOT NULL,
	"presale_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"variant_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"unit_amount" integer NOT NULL,
	"payment_method_id" uuid,
	"shipping_address" jsonb,
	"status" text DEFAULT 'pledged' NOT NULL,
	"attempt" integer DEFAULT 1 NOT NULL,
	"stocked" boolean DEFAULT false NOT NULL,
	"order_id" uuid,
	"failure_code" text,
	"idempotency_key" text NOT NULL,
	"request_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"charged_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	CONSTRAINT "presale_pledges_quantity_positive" CHECK ("presale_pledges"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "presales" (
	"id" uuid PRIMARY KEY NOT NULL,
	"brand_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"threshold_units" integer NOT NULL,
	"cap_units" integer,
	"deadline" timestamp with time zone NOT NULL,
	"expected_delivery" date,
	"prices" jsonb NOT NULL,
	"currency" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"pledged_units" integer DEFAULT 0 NOT NULL,
	"pledge_count" integer DEFAULT 0 NOT NULL,
	"succeeded_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "presales_threshold_positive" CHECK ("presales"."threshold_units" > 0),
	CONSTRAINT "presales_cap_above_threshold" CHECK ("presales"."cap_units" is null or "presales"."cap_units" >= "presales"."threshold_units")
);
--> statement-breakpoint
ALTER TABLE "presale_pledges" ADD CONSTRAINT "presale_pledges_presale_id_presales_id_fk" FOREIGN KEY ("presale_id") REFERENCES "public"."presales"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presale_pledges" ADD CONSTRAINT "presale_pledges_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presale_pledges" ADD CONSTRAINT "presale_pledges_variant_id_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."variants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presale_pledges" ADD CONSTRAINT "presale_pledges_payment_method_id_payment_methods_id_fk" FOREIGN KEY ("payment_method_id") REFERENCES "public"."payment_methods"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presale_pledges" ADD CONSTRAINT "presale_pledges_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presales" ADD CONSTRAINT "presales_brand_id_accounts_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presales" ADD CONSTRAINT "presales_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presales" ADD CONSTRAINT "presales_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "presale_pledges_key_idx" ON "presale_pledges" USING btree ("account_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "presale_pledges_presale_idx" ON "presale_pledges" USING btree ("presale_id","status","id");--> statement-breakpoint
CREATE INDEX "presale_pledges_account_idx" ON "presale_pledges" USING btree ("account_id","presale_id");--> statement-breakpoint
CREATE INDEX "presales_brand_idx" ON "presales" USING btree ("brand_id","id");