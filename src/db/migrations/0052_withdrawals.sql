CREATE TABLE "withdrawals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"line_ids" uuid[] NOT NULL,
	"whole_order" boolean NOT NULL,
	"amount" integer NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"sealed" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"return_deadline" timestamp with time zone NOT NULL,
	"refund_deadline" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reminded_at" timestamp with time zone,
	"late_at" timestamp with time zone,
	"refunded_at" timestamp with time zone,
	CONSTRAINT "withdrawals_amount_not_negative" CHECK ("withdrawals"."amount" >= 0)
);
--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "withdrawal_exclusion" text;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "withdrawal_excluded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "withdrawals" ADD CONSTRAINT "withdrawals_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "withdrawals_order_idx" ON "withdrawals" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "withdrawals_open_idx" ON "withdrawals" USING btree ("refund_deadline") WHERE "withdrawals"."status" = 'requested';--> statement-breakpoint
-- A product marked excluded from withdrawal is excluded only for orders placed after the mark
-- (the buyer must have been told before buying, L221-28): the time of each change of the mark is
-- kept here, whatever writes it (the editor, the API, an import).
CREATE FUNCTION comptoir_withdrawal_excluded_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW.withdrawal_exclusion IS DISTINCT FROM OLD.withdrawal_exclusion THEN
    NEW.withdrawal_excluded_at := CASE WHEN NEW.withdrawal_exclusion IS NULL THEN NULL ELSE now() END;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER withdrawal_excluded_at BEFORE INSERT OR UPDATE OF withdrawal_exclusion ON products
  FOR EACH ROW EXECUTE FUNCTION comptoir_withdrawal_excluded_at();
