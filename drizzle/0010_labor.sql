CREATE TABLE "labor_households" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "labor_households_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"household_no" text NOT NULL,
	"village_code" text COLLATE "C" NOT NULL,
	"address" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "labor_import_batches" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "labor_import_batches_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"account_id" integer,
	"actor_name" text,
	"org_code" text COLLATE "C" NOT NULL,
	"scope_prefix" text NOT NULL,
	"source" text NOT NULL,
	"file_name" text NOT NULL,
	"file_kind" text NOT NULL,
	"file_size" bigint NOT NULL,
	"file_sha256" text NOT NULL,
	"stored_path" text,
	"status" text NOT NULL,
	"mapping" jsonb NOT NULL,
	"header_row" integer DEFAULT 1 NOT NULL,
	"sheet_name" text,
	"total_rows" integer DEFAULT 0 NOT NULL,
	"valid_rows" integer DEFAULT 0 NOT NULL,
	"error_rows" integer DEFAULT 0 NOT NULL,
	"warning_count" integer DEFAULT 0 NOT NULL,
	"empty_rows_skipped" integer DEFAULT 0 NOT NULL,
	"new_rows" integer DEFAULT 0 NOT NULL,
	"existing_rows" integer DEFAULT 0 NOT NULL,
	"rows_done" integer DEFAULT 0 NOT NULL,
	"last_row_no" integer DEFAULT 0 NOT NULL,
	"inserted" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"history_rows" integer DEFAULT 0 NOT NULL,
	"message" text,
	"worker" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"commit_started_at" timestamp with time zone,
	"heartbeat_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "labor_import_errors" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "labor_import_errors_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"batch_id" integer NOT NULL,
	"row_no" integer NOT NULL,
	"column" text,
	"value" text,
	"code" text NOT NULL,
	"message" text NOT NULL,
	"severity" text NOT NULL,
	"phase" text DEFAULT 'validate' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "labor_import_files" (
	"batch_id" integer PRIMARY KEY NOT NULL,
	"bytes" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "labor_person_changes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "labor_person_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"person_id" integer NOT NULL,
	"field" text NOT NULL,
	"old_value" text,
	"new_value" text,
	"actor_account_id" integer,
	"actor_name" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text NOT NULL,
	"batch_id" integer
);
--> statement-breakpoint
CREATE TABLE "labor_persons" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "labor_persons_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"id_number" text NOT NULL,
	"name" text NOT NULL,
	"sex" text NOT NULL,
	"birth_date" date NOT NULL,
	"ethnicity" text,
	"education" text,
	"hukou_code" text COLLATE "C",
	"region_code" text COLLATE "C" NOT NULL,
	"household_id" integer,
	"relation" text,
	"employment_status" text,
	"transfer_dest" text,
	"transfer_channel" text,
	"industry" text,
	"occupation" text,
	"monthly_income" integer,
	"months_away" smallint,
	"left_date" date,
	"work_place" text,
	"skill_level" text,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"certificates" text,
	"training_wish" text,
	"employment_wish" text,
	"returnee" boolean DEFAULT false NOT NULL,
	"poverty" boolean DEFAULT false NOT NULL,
	"monitored" boolean DEFAULT false NOT NULL,
	"phone" text,
	"remarks" text,
	"is_transfer" boolean GENERATED ALWAYS AS (coalesce(months_away >= 6 and transfer_dest in ('county','province','outside','abroad'), false)) STORED NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" integer,
	"created_batch" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" integer,
	"updated_batch" integer,
	CONSTRAINT "labor_persons_sex_ck" CHECK ("labor_persons"."sex" in ('M','F')),
	CONSTRAINT "labor_persons_months_ck" CHECK ("labor_persons"."months_away" is null or "labor_persons"."months_away" between 0 and 12),
	CONSTRAINT "labor_persons_income_ck" CHECK ("labor_persons"."monthly_income" is null or "labor_persons"."monthly_income" >= 0)
);
--> statement-breakpoint
CREATE TABLE "labor_stats" (
	"village_code" text COLLATE "C" NOT NULL,
	"dim" text NOT NULL,
	"value" text NOT NULL,
	"wa" boolean NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "labor_stats_village_code_dim_value_wa_pk" PRIMARY KEY("village_code","dim","value","wa")
);
--> statement-breakpoint
CREATE TABLE "labor_stats_asof" (
	"id" integer PRIMARY KEY NOT NULL,
	"asof" date NOT NULL,
	CONSTRAINT "labor_stats_asof_one_ck" CHECK ("labor_stats_asof"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE "labor_households" ADD CONSTRAINT "labor_households_village_code_villages_code_fk" FOREIGN KEY ("village_code") REFERENCES "public"."villages"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labor_persons" ADD CONSTRAINT "labor_persons_hukou_code_villages_code_fk" FOREIGN KEY ("hukou_code") REFERENCES "public"."villages"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labor_persons" ADD CONSTRAINT "labor_persons_region_code_villages_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."villages"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labor_persons" ADD CONSTRAINT "labor_persons_household_id_labor_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."labor_households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "labor_households_no_uq" ON "labor_households" USING btree ("household_no");--> statement-breakpoint
CREATE INDEX "labor_households_village_idx" ON "labor_households" USING btree ("village_code");--> statement-breakpoint
CREATE INDEX "labor_import_batches_org_idx" ON "labor_import_batches" USING btree ("org_code","id");--> statement-breakpoint
CREATE INDEX "labor_import_errors_batch_idx" ON "labor_import_errors" USING btree ("batch_id","row_no");--> statement-breakpoint
CREATE INDEX "labor_person_changes_person_idx" ON "labor_person_changes" USING btree ("person_id","id");--> statement-breakpoint
CREATE INDEX "labor_person_changes_batch_idx" ON "labor_person_changes" USING btree ("batch_id");--> statement-breakpoint
CREATE UNIQUE INDEX "labor_persons_id_number_uq" ON "labor_persons" USING btree ("id_number");--> statement-breakpoint
CREATE INDEX "labor_persons_region_idx" ON "labor_persons" USING btree ("region_code","id");--> statement-breakpoint
CREATE INDEX "labor_persons_birth_idx" ON "labor_persons" USING btree ("birth_date");--> statement-breakpoint
CREATE INDEX "labor_persons_household_idx" ON "labor_persons" USING btree ("household_id");