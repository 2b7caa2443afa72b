CREATE TABLE "analytics_interactions" (
	"brand_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"ref" uuid NOT NULL,
	"value" smallint,
	CONSTRAINT "analytics_interactions_brand_id_kind_ref_pk" PRIMARY KEY("brand_id","kind","ref")
);
--> statement-breakpoint
CREATE TABLE "analytics_ladder_daily" (
	"brand_id" uuid NOT NULL,
	"day" date NOT NULL,
	"period_days" integer NOT NULL,
	"audience" integer NOT NULL,
	"creators" integer NOT NULL,
	"conversationalists" integer NOT NULL,
	"critics" integer NOT NULL,
	"collectors" integer NOT NULL,
	"joiners" integer NOT NULL,
	"spectators" integer NOT NULL,
	"inactives" integer NOT NULL,
	"followers" integer NOT NULL,
	"refreshed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "analytics_ladder_daily_brand_id_period_days_day_pk" PRIMARY KEY("brand_id","period_days","day")
);
--> statement-breakpoint
CREATE TABLE "analytics_ladder_dirty" (
	"brand_id" uuid PRIMARY KEY NOT NULL,
	"since" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_ladder_people" (
	"brand_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"creator_at" timestamp with time zone,
	"conv_last_at" timestamp with time zone,
	"conv_prev_at" timestamp with time zone,
	"critic_at" timestamp with time zone,
	"collector_at" timestamp with time zone,
	"joiner_at" timestamp with time zone,
	"spectator_at" timestamp with time zone,
	CONSTRAINT "analytics_ladder_people_brand_id_account_id_pk" PRIMARY KEY("brand_id","account_id")
);
--> statement-breakpoint
ALTER TABLE "analytics_interactions" ADD CONSTRAINT "analytics_interactions_brand_id_accounts_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_interactions" ADD CONSTRAINT "analytics_interactions_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_ladder_daily" ADD CONSTRAINT "analytics_ladder_daily_brand_id_accounts_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_ladder_dirty" ADD CONSTRAINT "analytics_ladder_dirty_brand_id_accounts_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_ladder_people" ADD CONSTRAINT "analytics_ladder_people_brand_id_accounts_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_ladder_people" ADD CONSTRAINT "analytics_ladder_people_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "analytics_interactions_brand_at_idx" ON "analytics_interactions" USING btree ("brand_id","at");--> statement-breakpoint
CREATE INDEX "analytics_interactions_account_idx" ON "analytics_interactions" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "analytics_ladder_people_account_idx" ON "analytics_ladder_people" USING btree ("account_id");