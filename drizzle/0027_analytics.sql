CREATE TABLE "analytics_reports" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "analytics_reports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"period" text NOT NULL,
	"region_code" text NOT NULL,
	"region_name" text NOT NULL,
	"sha256" text NOT NULL,
	"size" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_settings" (
	"id" integer PRIMARY KEY NOT NULL,
	"green_ratio" double precision DEFAULT 1 NOT NULL,
	"amber_ratio" double precision DEFAULT 0.9 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" integer,
	CONSTRAINT "analytics_settings_one_ck" CHECK ("analytics_settings"."id" = 1),
	CONSTRAINT "analytics_settings_order_ck" CHECK ("analytics_settings"."amber_ratio" > 0 and "analytics_settings"."amber_ratio" <= "analytics_settings"."green_ratio")
);
--> statement-breakpoint
CREATE TABLE "analytics_snapshots" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "analytics_snapshots_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"indicator" text NOT NULL,
	"division_code" text NOT NULL,
	"period" text NOT NULL,
	"value" double precision NOT NULL,
	"taken_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "analytics_snapshots_period_ck" CHECK ("analytics_snapshots"."period" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$')
);
--> statement-breakpoint
CREATE TABLE "analytics_targets" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "analytics_targets_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"year" integer NOT NULL,
	"county_code" text NOT NULL,
	"indicator" text NOT NULL,
	"target" double precision NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" integer,
	CONSTRAINT "analytics_targets_positive_ck" CHECK ("analytics_targets"."target" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "analytics_reports_uq" ON "analytics_reports" USING btree ("period","region_code");--> statement-breakpoint
CREATE UNIQUE INDEX "analytics_snapshots_uq" ON "analytics_snapshots" USING btree ("indicator","division_code","period");--> statement-breakpoint
CREATE INDEX "analytics_snapshots_period_idx" ON "analytics_snapshots" USING btree ("period");--> statement-breakpoint
CREATE UNIQUE INDEX "analytics_targets_uq" ON "analytics_targets" USING btree ("year","county_code","indicator");