CREATE TABLE "inbox_conversations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"brand_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"thread_key" text NOT NULL,
	"order_id" uuid,
	"subject" text,
	"status" text DEFAULT 'open' NOT NULL,
	"snoozed_until" timestamp with time zone,
	"assignee_id" uuid,
	"priority" text DEFAULT 'normal' NOT NULL,
	"labels" text[] DEFAULT '{}'::text[] NOT NULL,
	"kind" text DEFAULT 'other' NOT NULL,
	"kind_source" text DEFAULT 'triage' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_message_at" timestamp with time zone DEFAULT now() NOT NULL,
	"awaiting_since" timestamp with time zone,
	"first_response_at" timestamp with time zone,
	"first_response_due_at" timestamp with time zone,
	"next_response_due_at" timestamp with time zone,
	"resolution_due_at" timestamp with time zone,
	"sla_due_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"rating" smallint,
	"rating_comment" text,
	"rated_at" timestamp with time zone,
	"message_count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "inbox_conversations_rating_range" CHECK ("inbox_conversations"."rating" is null or "inbox_conversations"."rating" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "inbox_messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"conversation_id" uuid NOT NULL,
	"author_id" uuid,
	"author_role" text NOT NULL,
	"internal" boolean DEFAULT false NOT NULL,
	"text" text NOT NULL,
	"channel_ref" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	"delivery_error" text
);
--> statement-breakpoint
ALTER TABLE "inbox_conversations" ADD CONSTRAINT "inbox_conversations_brand_id_accounts_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_conversations" ADD CONSTRAINT "inbox_conversations_customer_id_accounts_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_conversations" ADD CONSTRAINT "inbox_conversations_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_conversations" ADD CONSTRAINT "inbox_conversations_assignee_id_accounts_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_messages" ADD CONSTRAINT "inbox_messages_conversation_id_inbox_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."inbox_conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_messages" ADD CONSTRAINT "inbox_messages_author_id_accounts_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_conversations_thread_idx" ON "inbox_conversations" USING btree ("brand_id","channel","thread_key");--> statement-breakpoint
CREATE INDEX "inbox_conversations_open_sla_idx" ON "inbox_conversations" USING btree ("brand_id","status","sla_due_at","id") WHERE "inbox_conversations"."status" <> 'resolved';--> statement-breakpoint
CREATE INDEX "inbox_conversations_brand_recent_idx" ON "inbox_conversations" USING btree ("brand_id","last_message_at","id");--> statement-breakpoint
CREATE INDEX "inbox_conversations_customer_idx" ON "inbox_conversations" USING btree ("brand_id","customer_id","last_message_at");--> statement-breakpoint
CREATE INDEX "inbox_conversations_assignee_idx" ON "inbox_conversations" USING btree ("brand_id","assignee_id") WHERE "inbox_conversations"."status" <> 'resolved';--> statement-breakpoint
CREATE INDEX "inbox_conversations_order_idx" ON "inbox_conversations" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "inbox_messages_conversation_idx" ON "inbox_messages" USING btree ("conversation_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_messages_channel_ref_idx" ON "inbox_messages" USING btree ("conversation_id","channel_ref") WHERE "inbox_messages"."channel_ref" is not null;