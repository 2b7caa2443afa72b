CREATE TABLE "ambassador_bank_accounts" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"holder_name" text NOT NULL,
	"iban" text NOT NULL,
	"bic" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ambassador_ledger_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"brand_id" uuid NOT NULL,
	"ambassador_id" uuid NOT NULL,
	"txn_id" uuid NOT NULL,
	"account" text NOT NULL,
	"kind" text NOT NULL,
	"amount" integer NOT NULL,
	"currency" text NOT NULL,
	"order_id" uuid NOT NULL,
	"order_line_id" uuid NOT NULL,
	"event_id" uuid,
	"payout_id" uuid,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "ambassador_ledger_entries_amount" CHECK ("ambassador_ledger_entries"."amount" <> 0),
	CONSTRAINT "ambassador_ledger_entries_account" CHECK ("ambassador_ledger_entries"."account" in ('brand', 'pending', 'payable', 'paid')),
	CONSTRAINT "ambassador_ledger_entries_kind" CHECK ("ambassador_ledger_entries"."kind" in ('earned', 'matured', 'reversed', 'paid')),
	CONSTRAINT "ambassador_ledger_entries_refs" CHECK (("ambassador_ledger_entries"."kind" = 'reversed') = ("ambassador_ledger_entries"."event_id" is not null) and ("ambassador_ledger_entries"."kind" = 'paid') = ("ambassador_ledger_entries"."payout_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "ambassador_payout_settings" (
	"brand_id" uuid PRIMARY KEY NOT NULL,
	"debtor_name" text NOT NULL,
	"iban" text NOT NULL,
	"bic" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ambassador_payouts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"brand_id" uuid NOT NULL,
	"ambassador_id" uuid NOT NULL,
	"amount" integer NOT NULL,
	"currency" text NOT NULL,
	"method" text NOT NULL,
	"reference" text NOT NULL,
	"created_by_id" uuid,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "ambassador_payouts_amount" CHECK ("ambassador_payouts"."amount" > 0)
);
--> statement-breakpoint
ALTER TABLE "ambassador_bank_accounts" ADD CONSTRAINT "ambassador_bank_accounts_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ambassador_ledger_entries" ADD CONSTRAINT "ambassador_ledger_entries_brand_id_accounts_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ambassador_ledger_entries" ADD CONSTRAINT "ambassador_ledger_entries_ambassador_id_ambassadors_id_fk" FOREIGN KEY ("ambassador_id") REFERENCES "public"."ambassadors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ambassador_ledger_entries" ADD CONSTRAINT "ambassador_ledger_entries_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ambassador_ledger_entries" ADD CONSTRAINT "ambassador_ledger_entries_order_line_id_order_lines_id_fk" FOREIGN KEY ("order_line_id") REFERENCES "public"."order_lines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ambassador_ledger_entries" ADD CONSTRAINT "ambassador_ledger_entries_payout_id_ambassador_payouts_id_fk" FOREIGN KEY ("payout_id") REFERENCES "public"."ambassador_payouts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ambassador_payout_settings" ADD CONSTRAINT "ambassador_payout_settings_brand_id_accounts_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ambassador_payouts" ADD CONSTRAINT "ambassador_payouts_brand_id_accounts_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ambassador_payouts" ADD CONSTRAINT "ambassador_payouts_ambassador_id_ambassadors_id_fk" FOREIGN KEY ("ambassador_id") REFERENCES "public"."ambassadors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ambassador_payouts" ADD CONSTRAINT "ambassador_payouts_created_by_id_accounts_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ambassador_ledger_entries_ambassador_idx" ON "ambassador_ledger_entries" USING btree ("ambassador_id","account");--> statement-breakpoint
CREATE INDEX "ambassador_ledger_entries_line_idx" ON "ambassador_ledger_entries" USING btree ("order_line_id");--> statement-breakpoint
CREATE INDEX "ambassador_ledger_entries_order_idx" ON "ambassador_ledger_entries" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "ambassador_ledger_entries_list_idx" ON "ambassador_ledger_entries" USING btree ("ambassador_id","at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "ambassador_ledger_earned_uq" ON "ambassador_ledger_entries" USING btree ("order_line_id","account") WHERE "ambassador_ledger_entries"."kind" = 'earned';--> statement-breakpoint
CREATE UNIQUE INDEX "ambassador_ledger_matured_uq" ON "ambassador_ledger_entries" USING btree ("order_line_id","account") WHERE "ambassador_ledger_entries"."kind" = 'matured';--> statement-breakpoint
CREATE UNIQUE INDEX "ambassador_ledger_reversed_uq" ON "ambassador_ledger_entries" USING btree ("event_id","order_line_id","account") WHERE "ambassador_ledger_entries"."kind" = 'reversed';--> statement-breakpoint
CREATE UNIQUE INDEX "ambassador_ledger_paid_uq" ON "ambassador_ledger_entries" USING btree ("payout_id","order_line_id","account") WHERE "ambassador_ledger_entries"."kind" = 'paid';--> statement-breakpoint
CREATE INDEX "ambassador_payouts_brand_idx" ON "ambassador_payouts" USING btree ("brand_id","at");--> statement-breakpoint
CREATE INDEX "ambassador_payouts_ambassador_idx" ON "ambassador_payouts" USING btree ("ambassador_id","at");--> statement-breakpoint
-- The ledger is append-only: a correction is a new movement. A DELETE cascading from a deleted
-- brand, ambassador or order (a foreign key's own trigger, so depth > 1) is let through.
CREATE FUNCTION comptoir_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND pg_trigger_depth() > 1 THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'ambassador_ledger_entries is append-only (%)', TG_OP USING ERRCODE = 'P0001';
END
$$;
--> statement-breakpoint
CREATE TRIGGER ambassador_ledger_entries_append_only BEFORE UPDATE OR DELETE ON ambassador_ledger_entries FOR EACH ROW EXECUTE FUNCTION comptoir_ledger_append_only();
