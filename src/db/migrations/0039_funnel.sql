CREATE TABLE "funnel_reach_salts" (
	"day" date PRIMARY KEY NOT NULL,
	"salt" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funnel_reach_seen" (
	"day" date NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"viewer" text NOT NULL,
	CONSTRAINT "funnel_reach_seen_day_subject_kind_subject_id_viewer_pk" PRIMARY KEY("day","subject_kind","subject_id","viewer")
);
