CREATE TABLE "inbox_status_deliveries" (
	"message_id" uuid PRIMARY KEY NOT NULL,
	"status_id" uuid NOT NULL
);
--> statement-breakpoint
ALTER TABLE "inbox_status_deliveries" ADD CONSTRAINT "inbox_status_deliveries_message_id_inbox_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."inbox_messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_status_deliveries" ADD CONSTRAINT "inbox_status_deliveries_status_id_statuses_id_fk" FOREIGN KEY ("status_id") REFERENCES "public"."statuses"("id") ON DELETE cascade ON UPDATE no action;