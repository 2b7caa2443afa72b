CREATE TABLE "inbox_service_levels" (
	"brand_id" uuid PRIMARY KEY NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"first_response_minutes" integer NOT NULL,
	"next_response_minutes" integer NOT NULL,
	"resolution_minutes" integer NOT NULL,
	"week" jsonb NOT NULL,
	"closed_days" text[] DEFAULT '{}'::text[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbox_sla_records" (
	"conversation_id" uuid PRIMARY KEY NOT NULL,
	"brand_id" uuid NOT NULL,
	"first_response_minutes" integer,
	"resolution_minutes" integer,
	"first_response_breached" boolean DEFAULT false NOT NULL,
	"next_response_breaches" smallint DEFAULT 0 NOT NULL,
	"resolution_breached" boolean DEFAULT false NOT NULL,
	"paused_at" timestamp with time zone,
	"rating_requested_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "inbox_service_levels" ADD CONSTRAINT "inbox_service_levels_brand_id_accounts_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_sla_records" ADD CONSTRAINT "inbox_sla_records_conversation_id_inbox_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."inbox_conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_sla_records" ADD CONSTRAINT "inbox_sla_records_brand_id_accounts_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inbox_sla_records_brand_idx" ON "inbox_sla_records" USING btree ("brand_id");