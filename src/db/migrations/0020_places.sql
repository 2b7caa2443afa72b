CREATE TABLE "account_badges" (
	"account_id" uuid NOT NULL,
	"code" text NOT NULL,
	"place_id" uuid,
	"earned_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "account_badges_account_id_code_pk" PRIMARY KEY("account_id","code")
);
--> statement-breakpoint
CREATE TABLE "checkins" (
	"id" uuid PRIMARY KEY NOT NULL,
	"place_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"lat" double precision NOT NULL,
	"lon" double precision NOT NULL,
	"accuracy_m" integer,
	"visibility" text DEFAULT 'public' NOT NULL,
	"comment" text,
	"counted" boolean NOT NULL,
	"reason" text,
	"flagged" boolean DEFAULT false NOT NULL,
	"local_day" date NOT NULL,
	"status_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "place_specials" (
	"id" uuid PRIMARY KEY NOT NULL,
	"place_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"every_n" integer,
	"first_n" integer,
	"min_people" integer,
	"window_minutes" integer,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "place_tip_likes" (
	"tip_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "place_tip_likes_tip_id_account_id_pk" PRIMARY KEY("tip_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "place_tips" (
	"id" uuid PRIMARY KEY NOT NULL,
	"place_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"text" text NOT NULL,
	"language" text,
	"status" text NOT NULL,
	"flags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"likes_count" integer DEFAULT 0 NOT NULL,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "places" (
	"id" uuid PRIMARY KEY NOT NULL,
	"brand_id" uuid,
	"suggested_by" uuid,
	"name" text NOT NULL,
	"address" text NOT NULL,
	"postcode" text,
	"city" text,
	"lat" double precision NOT NULL,
	"lon" double precision NOT NULL,
	"radius_m" integer DEFAULT 150 NOT NULL,
	"category" text DEFAULT 'shop' NOT NULL,
	"opening_hours" jsonb,
	"photo_path" text,
	"photo_preview_path" text,
	"photo_alt" text,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"status" text DEFAULT 'active' NOT NULL,
	"checkins_count" integer DEFAULT 0 NOT NULL,
	"mayor_id" uuid,
	"mayor_since" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "special_unlocks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"special_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"checkin_id" uuid,
	"code" text NOT NULL,
	"local_day" date NOT NULL,
	"unlocked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"redeemed_at" timestamp with time zone,
	"redeemed_by" uuid
);
--> statement-breakpoint
ALTER TABLE "account_badges" ADD CONSTRAINT "account_badges_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_badges" ADD CONSTRAINT "account_badges_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkins" ADD CONSTRAINT "checkins_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkins" ADD CONSTRAINT "checkins_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkins" ADD CONSTRAINT "checkins_status_id_statuses_id_fk" FOREIGN KEY ("status_id") REFERENCES "public"."statuses"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "place_specials" ADD CONSTRAINT "place_specials_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "place_tip_likes" ADD CONSTRAINT "place_tip_likes_tip_id_place_tips_id_fk" FOREIGN KEY ("tip_id") REFERENCES "public"."place_tips"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "place_tip_likes" ADD CONSTRAINT "place_tip_likes_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "place_tips" ADD CONSTRAINT "place_tips_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "place_tips" ADD CONSTRAINT "place_tips_author_id_accounts_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "places" ADD CONSTRAINT "places_brand_id_accounts_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "places" ADD CONSTRAINT "places_suggested_by_accounts_id_fk" FOREIGN KEY ("suggested_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "places" ADD CONSTRAINT "places_mayor_id_accounts_id_fk" FOREIGN KEY ("mayor_id") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "special_unlocks" ADD CONSTRAINT "special_unlocks_special_id_place_specials_id_fk" FOREIGN KEY ("special_id") REFERENCES "public"."place_specials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "special_unlocks" ADD CONSTRAINT "special_unlocks_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "special_unlocks" ADD CONSTRAINT "special_unlocks_checkin_id_checkins_id_fk" FOREIGN KEY ("checkin_id") REFERENCES "public"."checkins"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "special_unlocks" ADD CONSTRAINT "special_unlocks_redeemed_by_accounts_id_fk" FOREIGN KEY ("redeemed_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "checkins_counted_per_day_key" ON "checkins" USING btree ("place_id","account_id","local_day") WHERE counted;--> statement-breakpoint
CREATE INDEX "checkins_account_recent_idx" ON "checkins" USING btree ("account_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "checkins_place_recent_idx" ON "checkins" USING btree ("place_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "place_specials_place_idx" ON "place_specials" USING btree ("place_id");--> statement-breakpoint
CREATE INDEX "place_tips_place_liked_idx" ON "place_tips" USING btree ("place_id","likes_count" DESC NULLS LAST,"published_at" DESC NULLS LAST) WHERE status = 'published';--> statement-breakpoint
CREATE INDEX "place_tips_author_idx" ON "place_tips" USING btree ("author_id");--> statement-breakpoint
CREATE INDEX "places_brand_idx" ON "places" USING btree ("brand_id");--> statement-breakpoint
CREATE INDEX "places_lat_lon_idx" ON "places" USING btree ("lat","lon") WHERE status = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "special_unlocks_code_key" ON "special_unlocks" USING btree ("code");--> statement-breakpoint
CREATE INDEX "special_unlocks_special_day_idx" ON "special_unlocks" USING btree ("special_id","local_day");--> statement-breakpoint
CREATE INDEX "special_unlocks_account_idx" ON "special_unlocks" USING btree ("account_id","unlocked_at" DESC NULLS LAST);