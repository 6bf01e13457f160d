CREATE TABLE "case_cards" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "case_cards_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"case_id" integer NOT NULL,
	"level" text NOT NULL,
	"special_id" integer,
	"status" text NOT NULL,
	"division_code" text COLLATE "C" NOT NULL,
	"window_code" text,
	"due_at" timestamp with time zone NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"issued_by" text,
	"confirmed_by" integer,
	"appeal_reason" text,
	"appealed_at" timestamp with time zone,
	"appealed_by" integer,
	"decision" text,
	"decision_note" text,
	"decided_at" timestamp with time zone,
	"decided_by" integer,
	"cleared_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "case_departments" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"division_code" text COLLATE "C" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_evaluations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "case_evaluations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"eval_id" text NOT NULL,
	"case_id" integer NOT NULL,
	"level" smallint NOT NULL,
	"channel" text DEFAULT '窗口' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"real_name" boolean DEFAULT true NOT NULL,
	"content" text,
	"evaluated_at" timestamp with time zone NOT NULL,
	"division_code" text COLLATE "C" NOT NULL,
	CONSTRAINT "case_evaluations_level_ck" CHECK ("case_evaluations"."level" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "case_followups" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "case_followups_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"evaluation_id" integer NOT NULL,
	"case_id" integer NOT NULL,
	"division_code" text COLLATE "C" NOT NULL,
	"window_code" text,
	"stage" text DEFAULT 'pre_review' NOT NULL,
	"due_date" text NOT NULL,
	"log" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"outcome" text,
	"fix_satisfaction" smallint,
	"called_back_at" timestamp with time zone,
	"replied_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_history" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "case_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"case_id" integer NOT NULL,
	"version" integer NOT NULL,
	"source" text NOT NULL,
	"changes" jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"by_account_id" integer
);
--> statement-breakpoint
CREATE TABLE "case_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" integer
);
--> statement-breakpoint
CREATE TABLE "case_specials" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "case_specials_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"case_id" integer NOT NULL,
	"seq" smallint NOT NULL,
	"kind" text NOT NULL,
	"approver" text,
	"reason" text,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"limit_days" integer,
	"due_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "case_steps" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "case_steps_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"case_id" integer NOT NULL,
	"seq" smallint NOT NULL,
	"name" text NOT NULL,
	"opinion" text,
	"handler" text,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "case_warning_rules" (
	"service_code" text PRIMARY KEY NOT NULL,
	"warn_before" integer DEFAULT 2 NOT NULL,
	"yellow_on_promise" boolean DEFAULT true NOT NULL,
	"red_on_legal" boolean DEFAULT true NOT NULL,
	"auto_issue" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" integer
);
--> statement-breakpoint
CREATE TABLE "case_windows" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"hall" text NOT NULL,
	"department_code" text NOT NULL,
	"division_code" text COLLATE "C" NOT NULL,
	"staff_account_id" integer,
	"leader_account_id" integer
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "cases_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"projid" text NOT NULL,
	"version" integer NOT NULL,
	"service_code" text NOT NULL,
	"impl_code" text,
	"service_name" text NOT NULL,
	"case_type" text NOT NULL,
	"applicant_name" text NOT NULL,
	"applicant_card_type" text DEFAULT '身份证' NOT NULL,
	"applicant_card_no" text NOT NULL,
	"contact_name" text,
	"contact_phone" text,
	"department_code" text NOT NULL,
	"department_name" text NOT NULL,
	"window_code" text,
	"accept_staff" text,
	"division_code" text COLLATE "C" NOT NULL,
	"accepted_at" timestamp with time zone NOT NULL,
	"promise_limit" integer NOT NULL,
	"limit_unit" text DEFAULT '工作日' NOT NULL,
	"legal_limit" integer,
	"finished_at" timestamp with time zone,
	"result" text,
	"satisfaction" text,
	"warn_at" timestamp with time zone,
	"promise_due_at" timestamp with time zone,
	"legal_due_at" timestamp with time zone,
	"paused" boolean DEFAULT false NOT NULL,
	"used_units" real,
	"child_hash" text,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cases_limit_ck" CHECK ("cases"."promise_limit" >= 0 and ("cases"."legal_limit" is null or "cases"."legal_limit" >= 0))
);
--> statement-breakpoint
ALTER TABLE "case_cards" ADD CONSTRAINT "case_cards_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_evaluations" ADD CONSTRAINT "case_evaluations_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_followups" ADD CONSTRAINT "case_followups_evaluation_id_case_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."case_evaluations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_history" ADD CONSTRAINT "case_history_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_specials" ADD CONSTRAINT "case_specials_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_steps" ADD CONSTRAINT "case_steps_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_windows" ADD CONSTRAINT "case_windows_department_code_case_departments_code_fk" FOREIGN KEY ("department_code") REFERENCES "public"."case_departments"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "case_cards_one_uq" ON "case_cards" USING btree ("case_id","level",coalesce("special_id", 0));--> statement-breakpoint
CREATE INDEX "case_cards_division_idx" ON "case_cards" USING btree ("division_code","status");--> statement-breakpoint
CREATE INDEX "case_cards_window_idx" ON "case_cards" USING btree ("window_code","status");--> statement-breakpoint
CREATE UNIQUE INDEX "case_evaluations_eval_uq" ON "case_evaluations" USING btree ("eval_id");--> statement-breakpoint
CREATE INDEX "case_evaluations_case_idx" ON "case_evaluations" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "case_followups_eval_uq" ON "case_followups" USING btree ("evaluation_id");--> statement-breakpoint
CREATE INDEX "case_followups_division_idx" ON "case_followups" USING btree ("division_code","stage");--> statement-breakpoint
CREATE INDEX "case_history_case_idx" ON "case_history" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "case_specials_case_idx" ON "case_specials" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "case_specials_open_idx" ON "case_specials" USING btree ("due_at") WHERE "case_specials"."ended_at" is null;--> statement-breakpoint
CREATE INDEX "case_steps_case_idx" ON "case_steps" USING btree ("case_id","seq");--> statement-breakpoint
CREATE INDEX "case_windows_division_idx" ON "case_windows" USING btree ("division_code");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_projid_uq" ON "cases" USING btree ("projid");--> statement-breakpoint
CREATE INDEX "cases_division_idx" ON "cases" USING btree ("division_code");--> statement-breakpoint
CREATE INDEX "cases_open_promise_idx" ON "cases" USING btree ("promise_due_at") WHERE "cases"."finished_at" is null and "cases"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "cases_open_warn_idx" ON "cases" USING btree ("warn_at") WHERE "cases"."finished_at" is null and "cases"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "cases_window_idx" ON "cases" USING btree ("window_code","accepted_at");--> statement-breakpoint
CREATE INDEX "cases_accepted_idx" ON "cases" USING btree ("accepted_at");