CREATE TABLE "gig_applications" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "gig_applications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"posting_id" integer NOT NULL,
	"worker_id" integer NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"start_min" smallint NOT NULL,
	"end_min" smallint NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" integer,
	"hired_at" timestamp with time zone,
	"hired_by" integer,
	"completed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancelled_by" integer,
	"cancel_kind" text,
	"cancel_reason" text,
	CONSTRAINT "gig_applications_cancel_ck" CHECK ("gig_applications"."status" <> 'cancelled' or ("gig_applications"."cancel_kind" is not null and "gig_applications"."cancel_reason" is not null))
);
--> statement-breakpoint
CREATE TABLE "gig_attendance" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "gig_attendance_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"application_id" integer NOT NULL,
	"day" date NOT NULL,
	"check_in" timestamp with time zone NOT NULL,
	"check_out" timestamp with time zone,
	"pieces" integer,
	"confirmed_by" text NOT NULL,
	"recorded_by" integer,
	CONSTRAINT "gig_attendance_order_ck" CHECK ("gig_attendance"."check_out" is null or "gig_attendance"."check_out" > "gig_attendance"."check_in")
);
--> statement-breakpoint
CREATE TABLE "gig_blacklist" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "gig_blacklist_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"employer_id" integer NOT NULL,
	"reason" text NOT NULL,
	"from_date" date NOT NULL,
	"until_date" date NOT NULL,
	"decided_by" integer NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lifted_at" timestamp with time zone,
	"lifted_by" integer,
	CONSTRAINT "gig_blacklist_period_ck" CHECK ("gig_blacklist"."from_date" <= "gig_blacklist"."until_date")
);
--> statement-breakpoint
CREATE TABLE "gig_complaint_steps" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "gig_complaint_steps_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"complaint_id" integer NOT NULL,
	"step" text NOT NULL,
	"note" text NOT NULL,
	"actor_id" integer,
	"actor_name" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gig_complaints" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "gig_complaints_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"worker_id" integer NOT NULL,
	"employer_id" integer NOT NULL,
	"application_id" integer,
	"region_code" text COLLATE "C" NOT NULL,
	"amount_fen" integer,
	"description" text NOT NULL,
	"status" text DEFAULT 'accepted' NOT NULL,
	"outcome" text,
	"result" text,
	"due_date" date NOT NULL,
	"accepted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"accepted_by" integer,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "gig_county_wage_tiers" (
	"county_code" text COLLATE "C" PRIMARY KEY NOT NULL,
	"tier" smallint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gig_employer_contacts" (
	"employer_id" integer NOT NULL,
	"id_number" text NOT NULL,
	"name" text NOT NULL,
	"phone" text,
	"verified_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gig_employer_contacts_employer_id_id_number_pk" PRIMARY KEY("employer_id","id_number")
);
--> statement-breakpoint
CREATE TABLE "gig_employers" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "gig_employers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"credit_code" text,
	"id_number" text,
	"name" text NOT NULL,
	"legal_rep" text,
	"contact_name" text NOT NULL,
	"contact_phone" text NOT NULL,
	"industry" text,
	"region_code" text COLLATE "C" NOT NULL,
	"verification" text NOT NULL,
	"verify_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" integer,
	CONSTRAINT "gig_employers_key_ck" CHECK (("gig_employers"."kind" = 'enterprise' and "gig_employers"."credit_code" is not null) or ("gig_employers"."kind" = 'individual' and "gig_employers"."id_number" is not null))
);
--> statement-breakpoint
CREATE TABLE "gig_min_wage_tiers" (
	"tier" smallint PRIMARY KEY NOT NULL,
	"monthly_fen" integer NOT NULL,
	"hourly_fen" integer NOT NULL,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gig_payments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "gig_payments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"settlement_id" integer NOT NULL,
	"paid_on" date NOT NULL,
	"amount_fen" integer NOT NULL,
	"channel" text NOT NULL,
	"reference" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" integer,
	CONSTRAINT "gig_payments_amount_ck" CHECK ("gig_payments"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "gig_postings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "gig_postings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"employer_id" integer NOT NULL,
	"station_id" integer,
	"title" text NOT NULL,
	"skill_code" text NOT NULL,
	"min_level" smallint DEFAULT 1 NOT NULL,
	"village_code" text COLLATE "C" NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"start_min" smallint NOT NULL,
	"end_min" smallint NOT NULL,
	"day_mask" smallint NOT NULL,
	"pay_unit" text NOT NULL,
	"pay_fen" integer NOT NULL,
	"pay_within_days" smallint NOT NULL,
	"headcount" integer NOT NULL,
	"hired_count" integer DEFAULT 0 NOT NULL,
	"requirements" text,
	"contact_name" text NOT NULL,
	"contact_phone" text NOT NULL,
	"urgent" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"review_note" text,
	"reviewed_by" integer,
	"reviewed_at" timestamp with time zone,
	"submitted_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"filled_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" integer,
	CONSTRAINT "gig_postings_dates_ck" CHECK ("gig_postings"."start_date" <= "gig_postings"."end_date"),
	CONSTRAINT "gig_postings_times_ck" CHECK ("gig_postings"."start_min" >= 0 and "gig_postings"."start_min" < "gig_postings"."end_min" and "gig_postings"."end_min" <= 1440),
	CONSTRAINT "gig_postings_headcount_ck" CHECK ("gig_postings"."headcount" > 0 and "gig_postings"."hired_count" between 0 and "gig_postings"."headcount"),
	CONSTRAINT "gig_postings_pay_ck" CHECK ("gig_postings"."pay_fen" > 0 and "gig_postings"."pay_within_days" between 0 and 30),
	CONSTRAINT "gig_postings_hourly_cycle_ck" CHECK ("gig_postings"."pay_unit" <> 'hour' or "gig_postings"."pay_within_days" <= 15),
	CONSTRAINT "gig_postings_reviewed_ck" CHECK ("gig_postings"."status" not in ('published','filled') or ("gig_postings"."reviewed_by" is not null and "gig_postings"."reviewed_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "gig_ratings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "gig_ratings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"application_id" integer NOT NULL,
	"direction" text NOT NULL,
	"score" smallint NOT NULL,
	"comment" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"by" integer,
	CONSTRAINT "gig_ratings_score_ck" CHECK ("gig_ratings"."score" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "gig_settlements" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "gig_settlements_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"application_id" integer NOT NULL,
	"pay_unit" text NOT NULL,
	"quantity_centi" integer NOT NULL,
	"rate_fen" integer NOT NULL,
	"amount_fen" integer NOT NULL,
	"due_date" date NOT NULL,
	"status" text DEFAULT 'due' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" integer,
	CONSTRAINT "gig_settlements_amount_ck" CHECK ("gig_settlements"."amount_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "gig_skills" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"industry" text NOT NULL,
	"builtin" boolean DEFAULT false NOT NULL,
	"sort" integer DEFAULT 100 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gig_stations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "gig_stations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"region_code" text COLLATE "C" NOT NULL,
	"address" text NOT NULL,
	"hours" text NOT NULL,
	"phone" text,
	"staff" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"required_services" text[] DEFAULT '{}'::text[] NOT NULL,
	"optional_services" text[] DEFAULT '{}'::text[] NOT NULL,
	"complaint_channel" text,
	"last_confirmed" date NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" integer
);
--> statement-breakpoint
CREATE TABLE "gig_worker_skills" (
	"worker_id" integer NOT NULL,
	"skill_code" text NOT NULL,
	"level" smallint NOT NULL,
	CONSTRAINT "gig_worker_skills_worker_id_skill_code_pk" PRIMARY KEY("worker_id","skill_code"),
	CONSTRAINT "gig_worker_skills_level_ck" CHECK ("gig_worker_skills"."level" between 1 and 3)
);
--> statement-breakpoint
CREATE TABLE "gig_workers" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "gig_workers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"id_number" text NOT NULL,
	"name" text NOT NULL,
	"sex" text NOT NULL,
	"birth_date" date NOT NULL,
	"phone" text,
	"region_code" text COLLATE "C" NOT NULL,
	"station_id" integer,
	"wanted_work" text,
	"wage_min_fen" integer,
	"wage_max_fen" integer,
	"available_days" smallint DEFAULT 127 NOT NULL,
	"area_townships" text[] NOT NULL,
	"hardship" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"registered_via" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" integer,
	CONSTRAINT "gig_workers_wage_ck" CHECK ("gig_workers"."wage_min_fen" is null or "gig_workers"."wage_max_fen" is null or "gig_workers"."wage_min_fen" <= "gig_workers"."wage_max_fen")
);
--> statement-breakpoint
ALTER TABLE "gig_applications" ADD CONSTRAINT "gig_applications_posting_id_gig_postings_id_fk" FOREIGN KEY ("posting_id") REFERENCES "public"."gig_postings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gig_applications" ADD CONSTRAINT "gig_applications_worker_id_gig_workers_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."gig_workers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gig_attendance" ADD CONSTRAINT "gig_attendance_application_id_gig_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."gig_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gig_blacklist" ADD CONSTRAINT "gig_blacklist_employer_id_gig_employers_id_fk" FOREIGN KEY ("employer_id") REFERENCES "public"."gig_employers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gig_complaint_steps" ADD CONSTRAINT "gig_complaint_steps_complaint_id_gig_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."gig_complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gig_complaints" ADD CONSTRAINT "gig_complaints_worker_id_gig_workers_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."gig_workers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gig_complaints" ADD CONSTRAINT "gig_complaints_employer_id_gig_employers_id_fk" FOREIGN KEY ("employer_id") REFERENCES "public"."gig_employers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gig_complaints" ADD CONSTRAINT "gig_complaints_application_id_gig_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."gig_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gig_county_wage_tiers" ADD CONSTRAINT "gig_county_wage_tiers_tier_gig_min_wage_tiers_tier_fk" FOREIGN KEY ("tier") REFERENCES "public"."gig_min_wage_tiers"("tier") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gig_employer_contacts" ADD CONSTRAINT "gig_employer_contacts_employer_id_gig_employers_id_fk" FOREIGN KEY ("employer_id") REFERENCES "public"."gig_employers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gig_payments" ADD CONSTRAINT "gig_payments_settlement_id_gig_settlements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "public"."gig_settlements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gig_postings" ADD CONSTRAINT "gig_postings_employer_id_gig_employers_id_fk" FOREIGN KEY ("employer_id") REFERENCES "public"."gig_employers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gig_postings" ADD CONSTRAINT "gig_postings_station_id_gig_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."gig_stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gig_postings" ADD CONSTRAINT "gig_postings_skill_code_gig_skills_code_fk" FOREIGN KEY ("skill_code") REFERENCES "public"."gig_skills"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gig_ratings" ADD CONSTRAINT "gig_ratings_application_id_gig_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."gig_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gig_settlements" ADD CONSTRAINT "gig_settlements_application_id_gig_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."gig_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gig_worker_skills" ADD CONSTRAINT "gig_worker_skills_worker_id_gig_workers_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."gig_workers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gig_worker_skills" ADD CONSTRAINT "gig_worker_skills_skill_code_gig_skills_code_fk" FOREIGN KEY ("skill_code") REFERENCES "public"."gig_skills"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gig_workers" ADD CONSTRAINT "gig_workers_station_id_gig_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."gig_stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "gig_applications_posting_worker_uq" ON "gig_applications" USING btree ("posting_id","worker_id");--> statement-breakpoint
CREATE INDEX "gig_applications_worker_idx" ON "gig_applications" USING btree ("worker_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "gig_attendance_day_uq" ON "gig_attendance" USING btree ("application_id","day");--> statement-breakpoint
CREATE INDEX "gig_blacklist_employer_idx" ON "gig_blacklist" USING btree ("employer_id");--> statement-breakpoint
CREATE INDEX "gig_complaint_steps_complaint_idx" ON "gig_complaint_steps" USING btree ("complaint_id");--> statement-breakpoint
CREATE INDEX "gig_complaints_region_idx" ON "gig_complaints" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "gig_complaints_employer_idx" ON "gig_complaints" USING btree ("employer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "gig_employers_credit_uq" ON "gig_employers" USING btree ("credit_code");--> statement-breakpoint
CREATE UNIQUE INDEX "gig_employers_id_number_uq" ON "gig_employers" USING btree ("id_number");--> statement-breakpoint
CREATE INDEX "gig_employers_region_idx" ON "gig_employers" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "gig_payments_settlement_idx" ON "gig_payments" USING btree ("settlement_id");--> statement-breakpoint
CREATE INDEX "gig_postings_village_idx" ON "gig_postings" USING btree ("village_code");--> statement-breakpoint
CREATE INDEX "gig_postings_status_idx" ON "gig_postings" USING btree ("status","start_date");--> statement-breakpoint
CREATE INDEX "gig_postings_skill_idx" ON "gig_postings" USING btree ("skill_code","status");--> statement-breakpoint
CREATE UNIQUE INDEX "gig_ratings_uq" ON "gig_ratings" USING btree ("application_id","direction");--> statement-breakpoint
CREATE UNIQUE INDEX "gig_settlements_application_uq" ON "gig_settlements" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "gig_stations_region_idx" ON "gig_stations" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "gig_worker_skills_skill_idx" ON "gig_worker_skills" USING btree ("skill_code","level");--> statement-breakpoint
CREATE UNIQUE INDEX "gig_workers_id_number_uq" ON "gig_workers" USING btree ("id_number");--> statement-breakpoint
CREATE INDEX "gig_workers_region_idx" ON "gig_workers" USING btree ("region_code");