CREATE TABLE "inbox_customer_labels" (
	"brand_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"label" text NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_customer_labels_brand_id_account_id_label_pk" PRIMARY KEY("brand_id","account_id","label")
);
--> statement-breakpoint
CREATE TABLE "inbox_customer_notes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"brand_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"author_id" uuid,
	"text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "inbox_customer_labels" ADD CONSTRAINT "inbox_customer_labels_brand_id_accounts_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_customer_labels" ADD CONSTRAINT "inbox_customer_labels_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_customer_labels" ADD CONSTRAINT "inbox_customer_labels_created_by_id_accounts_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_customer_notes" ADD CONSTRAINT "inbox_customer_notes_brand_id_accounts_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_customer_notes" ADD CONSTRAINT "inbox_customer_notes_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_customer_notes" ADD CONSTRAINT "inbox_customer_notes_author_id_accounts_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inbox_customer_notes_customer_idx" ON "inbox_customer_notes" USING btree ("brand_id","account_id","id");--> statement-breakpoint
-- The customer's file reads each section by (brand, customer): a customer's orders and reviews of
-- one brand are found without scanning the brand's (or the customer's) whole history.
CREATE INDEX IF NOT EXISTS "orders_brand_buyer_idx" ON "orders" USING btree ("brand_id","buyer_id","id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "reviews_brand_author_idx" ON "reviews" USING btree ("brand_id","author_id","id");
