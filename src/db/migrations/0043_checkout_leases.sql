CREATE TABLE "app_nodes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "lease_node" uuid;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "lease_key" jsonb;--> statement-breakpoint
CREATE INDEX "orders_lease_idx" ON "orders" USING btree ("lease_node") WHERE "orders"."lease_node" is not null;