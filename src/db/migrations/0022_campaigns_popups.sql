CREATE TABLE "popup_orders" (
	"order_id" uuid PRIMARY KEY NOT NULL,
	"popup_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "popup_products" (
	"popup_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "popup_products_popup_id_product_id_pk" PRIMARY KEY("popup_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "popup_subscribers" (
	"popup_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"notified_at" timestamp with time zone,
	CONSTRAINT "popup_subscribers_popup_id_account_id_pk" PRIMARY KEY("popup_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "popups" (
	"id" uuid PRIMARY KEY NOT NULL,
	"brand_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"banner_path" text,
	"banner_preview_path" text,
	"banner_alt" text DEFAULT '' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"place_id" uuid,
	"early_access_hours" integer DEFAULT 0 NOT NULL,
	"early_access_announced_at" timestamp with time zone,
	"opening_status_id" uuid,
	"announced_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "popups_ends_after_start" CHECK ("popups"."ends_at" > "popups"."starts_at"),
	CONSTRAINT "popups_early_access_hours" CHECK ("popups"."early_access_hours" between 0 and 720)
);
--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "launches_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "early_access_hours" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "early_access_announced_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "popup_orders" ADD CONSTRAINT "popup_orders_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "popup_orders" ADD CONSTRAINT "popup_orders_popup_id_popups_id_fk" FOREIGN KEY ("popup_id") REFERENCES "public"."popups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "popup_products" ADD CONSTRAINT "popup_products_popup_id_popups_id_fk" FOREIGN KEY ("popup_id") REFERENCES "public"."popups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "popup_products" ADD CONSTRAINT "popup_products_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "popup_subscribers" ADD CONSTRAINT "popup_subscribers_popup_id_popups_id_fk" FOREIGN KEY ("popup_id") REFERENCES "public"."popups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "popup_subscribers" ADD CONSTRAINT "popup_subscribers_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "popups" ADD CONSTRAINT "popups_brand_id_accounts_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "popups" ADD CONSTRAINT "popups_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "popups" ADD CONSTRAINT "popups_opening_status_id_statuses_id_fk" FOREIGN KEY ("opening_status_id") REFERENCES "public"."statuses"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "popups" ADD CONSTRAINT "popups_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "popup_orders_popup_idx" ON "popup_orders" USING btree ("popup_id");--> statement-breakpoint
CREATE INDEX "popups_brand_idx" ON "popups" USING btree ("brand_id","starts_at");