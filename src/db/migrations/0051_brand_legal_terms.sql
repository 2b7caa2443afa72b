CREATE TABLE "brand_legal" (
	"brand_id" uuid PRIMARY KEY NOT NULL,
	"company_name" text NOT NULL,
	"legal_form" text DEFAULT '' NOT NULL,
	"siren" text,
	"address" text NOT NULL,
	"vat_number" text,
	"contact_email" text,
	"contact_phone" text,
	"mediator_name" text,
	"mediator_url" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "terms_of_sale" (
	"brand_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "terms_of_sale_brand_id_version_pk" PRIMARY KEY("brand_id","version")
);
--> statement-breakpoint
CREATE TABLE "platform_legal_pages" (
	"page" text NOT NULL,
	"locale" text NOT NULL,
	"body" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "platform_legal_pages_page_locale_pk" PRIMARY KEY("page","locale")
);
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "terms_version" integer;--> statement-breakpoint
ALTER TABLE "brand_legal" ADD CONSTRAINT "brand_legal_brand_id_accounts_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "terms_of_sale" ADD CONSTRAINT "terms_of_sale_brand_id_accounts_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platform_legal_pages" ADD CONSTRAINT "platform_legal_pages_updated_by_accounts_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- A brand's legal page (/@name/legal, its terms' versions) and the platform's legal pages are public pages the page cache keeps (migration 0044).
CREATE TRIGGER pages_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON brand_legal
  FOR EACH STATEMENT EXECUTE FUNCTION comptoir_pages_changed();--> statement-breakpoint
CREATE TRIGGER pages_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON terms_of_sale
  FOR EACH STATEMENT EXECUTE FUNCTION comptoir_pages_changed();--> statement-breakpoint
CREATE TRIGGER pages_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON platform_legal_pages
  FOR EACH STATEMENT EXECUTE FUNCTION comptoir_pages_changed();
