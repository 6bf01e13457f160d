-- labor_stats becomes a per-township cube of counted attributes (S-LABOR statistics); the table is a derived rollup,
-- so it is recreated (empty before the registry is loaded; labor_stats_rebuild() recomputes it from labor_persons).
DROP TABLE "labor_stats";--> statement-breakpoint
CREATE TABLE "labor_stats" (
	"township_code" text COLLATE "C" NOT NULL,
	"wa" boolean NOT NULL,
	"sex" text NOT NULL,
	"status" text NOT NULL,
	"dest" text NOT NULL,
	"channel" text NOT NULL,
	"is_transfer" boolean NOT NULL,
	"returnee" boolean NOT NULL,
	"poverty" boolean NOT NULL,
	"monitored" boolean NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "labor_stats_pk" PRIMARY KEY("township_code","wa","sex","status","dest","channel","is_transfer","returnee","poverty","monitored")
);
