CREATE TABLE "tax_rates" (
	"country" text NOT NULL,
	"tax_class" text NOT NULL,
	"rate_bp" integer NOT NULL,
	CONSTRAINT "tax_rates_country_tax_class_pk" PRIMARY KEY("country","tax_class"),
	CONSTRAINT "tax_rates_rate" CHECK ("tax_rates"."rate_bp" >= 0)
);
--> statement-breakpoint
CREATE TABLE "edition_counters" (
	"variant_id" uuid PRIMARY KEY NOT NULL,
	"next" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "edition_counters_next_positive" CHECK ("edition_counters"."next" >= 1)
);
--> statement-breakpoint
CREATE TABLE "edition_units" (
	"variant_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"edition_size" integer NOT NULL,
	"order_line_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"status" text DEFAULT 'assigned' NOT NULL,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	"withdrawn_at" timestamp with time zone,
	CONSTRAINT "edition_units_variant_id_number_pk" PRIMARY KEY("variant_id","number"),
	CONSTRAINT "edition_units_number_positive" CHECK ("edition_units"."number" >= 1)
);
--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "tax_class" text DEFAULT 'standard' NOT NULL;--> statement-breakpoint
ALTER TABLE "variants" ADD COLUMN "edition_size" integer;--> statement-breakpoint
ALTER TABLE "edition_counters" ADD CONSTRAINT "edition_counters_variant_id_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."variants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edition_units" ADD CONSTRAINT "edition_units_order_line_id_order_lines_id_fk" FOREIGN KEY ("order_line_id") REFERENCES "public"."order_lines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "edition_units_line_idx" ON "edition_units" USING btree ("order_line_id");--> statement-breakpoint
CREATE INDEX "edition_units_order_idx" ON "edition_units" USING btree ("order_id");--> statement-breakpoint
ALTER TABLE "variants" ADD CONSTRAINT "variants_edition_size_positive" CHECK ("variants"."edition_size" is null or "variants"."edition_size" >= 1);--> statement-breakpoint
-- VAT by tax class for the countries of vat_rates (basis points; France's classes mapped to each
-- country's nearest rate). A class missing here for a country falls back to its vat_rates rate;
-- operators may edit both tables.
INSERT INTO tax_rates (country, tax_class, rate_bp) VALUES
  ('FR', 'standard', 2000), ('FR', 'intermediate', 1000), ('FR', 'reduced', 550), ('FR', 'super_reduced', 210), ('FR', 'exempt', 0),
  ('MC', 'standard', 2000), ('MC', 'intermediate', 1000), ('MC', 'reduced', 550), ('MC', 'super_reduced', 210), ('MC', 'exempt', 0),
  ('BE', 'standard', 2100), ('BE', 'intermediate', 1200), ('BE', 'reduced', 600), ('BE', 'super_reduced', 600), ('BE', 'exempt', 0),
  ('LU', 'standard', 1700), ('LU', 'intermediate', 1400), ('LU', 'reduced', 800), ('LU', 'super_reduced', 300), ('LU', 'exempt', 0),
  ('CH', 'standard', 810), ('CH', 'intermediate', 810), ('CH', 'reduced', 260), ('CH', 'super_reduced', 260), ('CH', 'exempt', 0),
  ('DE', 'standard', 1900), ('DE', 'intermediate', 1900), ('DE', 'reduced', 700), ('DE', 'super_reduced', 700), ('DE', 'exempt', 0),
  ('ES', 'standard', 2100), ('ES', 'intermediate', 1000), ('ES', 'reduced', 1000), ('ES', 'super_reduced', 400), ('ES', 'exempt', 0),
  ('IT', 'standard', 2200), ('IT', 'intermediate', 1000), ('IT', 'reduced', 500), ('IT', 'super_reduced', 400), ('IT', 'exempt', 0),
  ('NL', 'standard', 2100), ('NL', 'intermediate', 900), ('NL', 'reduced', 900), ('NL', 'super_reduced', 900), ('NL', 'exempt', 0),
  ('PT', 'standard', 2300), ('PT', 'intermediate', 1300), ('PT', 'reduced', 600), ('PT', 'super_reduced', 600), ('PT', 'exempt', 0),
  ('AT', 'standard', 2000), ('AT', 'intermediate', 1300), ('AT', 'reduced', 1000), ('AT', 'super_reduced', 1000), ('AT', 'exempt', 0),
  ('IE', 'standard', 2300), ('IE', 'intermediate', 1350), ('IE', 'reduced', 900), ('IE', 'super_reduced', 480), ('IE', 'exempt', 0),
  ('GB', 'standard', 2000), ('GB', 'intermediate', 500), ('GB', 'reduced', 500), ('GB', 'super_reduced', 0), ('GB', 'exempt', 0),
  ('CA', 'exempt', 0), ('US', 'exempt', 0)
ON CONFLICT (country, tax_class) DO NOTHING;
