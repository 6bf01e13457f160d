CREATE TABLE "requirement_attachments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "requirement_attachments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"requirement_id" integer NOT NULL,
	"sha256" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"uploaded_by" integer NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	"removed_by" integer
);
--> statement-breakpoint
CREATE TABLE "requirement_deadline_notices" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "requirement_deadline_notices_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"requirement_id" integer NOT NULL,
	"step_id" integer NOT NULL,
	"kind" text NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recipients" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "requirement_steps" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "requirement_steps_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"requirement_id" integer NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor_account_id" integer,
	"actor_name" text NOT NULL,
	"actor_unit_id" integer,
	"actor_unit_name" text,
	"actor_role" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"opinion" text DEFAULT '' NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"due_date" date,
	"remind_on" date,
	"attachment_ids" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "requirement_tests" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "requirement_tests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"requirement_id" integer NOT NULL,
	"round" integer NOT NULL,
	"kind" text NOT NULL,
	"passed" boolean NOT NULL,
	"summary" text NOT NULL,
	"verifiers" text NOT NULL,
	"test_date" date NOT NULL,
	"account_id" integer NOT NULL,
	"unit_id" integer,
	"step_id" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "requirements" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "requirements_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"number" text,
	"title" text NOT NULL,
	"subsystem" text NOT NULL,
	"applicant_unit_id" integer NOT NULL,
	"applicant_org_code" text NOT NULL,
	"applicant_level" text NOT NULL,
	"counterpart_unit_id" integer,
	"vendor_unit_id" integer,
	"apply_date" date,
	"contact_name" text NOT NULL,
	"contact_phone" text NOT NULL,
	"type" text NOT NULL,
	"urgency" text NOT NULL,
	"urgency_reason" text DEFAULT '' NOT NULL,
	"description" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"holder_unit_id" integer,
	"holder_duty" text,
	"current_step_id" integer,
	"due_date" date,
	"dev_workdays" integer,
	"dev_due_date" date,
	"eval_feasibility" text,
	"eval_plan" text,
	"eval_opinion" text,
	"eval_workdays" integer,
	"evaluated_by" integer,
	"evaluated_at" timestamp with time zone,
	"test_round" integer DEFAULT 1 NOT NULL,
	"release_scope" text,
	"release_start" timestamp with time zone,
	"release_end" timestamp with time zone,
	"release_lead" text,
	"release_plan_date" date,
	"release_planned_by" integer,
	"release_outcome" text,
	"release_note" text,
	"released_at" timestamp with time zone,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "requirements_urgent_reason_ck" CHECK ("requirements"."urgency" <> 'urgent' or length(btrim("requirements"."urgency_reason")) > 0),
	CONSTRAINT "requirements_release_window_ck" CHECK ("requirements"."release_end" is null or "requirements"."release_start" is null or "requirements"."release_end" > "requirements"."release_start"),
	CONSTRAINT "requirements_county_counterpart_ck" CHECK ("requirements"."applicant_level" = 'prefecture' or "requirements"."status" in ('draft','returned','withdrawn') or "requirements"."counterpart_unit_id" is not null)
);
--> statement-breakpoint
ALTER TABLE "requirement_attachments" ADD CONSTRAINT "requirement_attachments_requirement_id_requirements_id_fk" FOREIGN KEY ("requirement_id") REFERENCES "public"."requirements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requirement_attachments" ADD CONSTRAINT "requirement_attachments_sha256_files_sha256_fk" FOREIGN KEY ("sha256") REFERENCES "public"."files"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requirement_deadline_notices" ADD CONSTRAINT "requirement_deadline_notices_requirement_id_requirements_id_fk" FOREIGN KEY ("requirement_id") REFERENCES "public"."requirements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requirement_steps" ADD CONSTRAINT "requirement_steps_requirement_id_requirements_id_fk" FOREIGN KEY ("requirement_id") REFERENCES "public"."requirements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requirement_tests" ADD CONSTRAINT "requirement_tests_requirement_id_requirements_id_fk" FOREIGN KEY ("requirement_id") REFERENCES "public"."requirements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requirements" ADD CONSTRAINT "requirements_applicant_unit_id_units_id_fk" FOREIGN KEY ("applicant_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requirements" ADD CONSTRAINT "requirements_applicant_org_code_org_nodes_code_fk" FOREIGN KEY ("applicant_org_code") REFERENCES "public"."org_nodes"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requirements" ADD CONSTRAINT "requirements_counterpart_unit_id_units_id_fk" FOREIGN KEY ("counterpart_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requirements" ADD CONSTRAINT "requirements_vendor_unit_id_units_id_fk" FOREIGN KEY ("vendor_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requirements" ADD CONSTRAINT "requirements_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "requirement_attachments_req_idx" ON "requirement_attachments" USING btree ("requirement_id");--> statement-breakpoint
CREATE UNIQUE INDEX "requirement_deadline_notices_uq" ON "requirement_deadline_notices" USING btree ("step_id","kind");--> statement-breakpoint
CREATE INDEX "requirement_steps_req_idx" ON "requirement_steps" USING btree ("requirement_id","id");--> statement-breakpoint
CREATE INDEX "requirement_tests_req_idx" ON "requirement_tests" USING btree ("requirement_id");--> statement-breakpoint
CREATE UNIQUE INDEX "requirements_number_uq" ON "requirements" USING btree ("number");--> statement-breakpoint
CREATE INDEX "requirements_org_idx" ON "requirements" USING btree ("applicant_org_code");--> statement-breakpoint
CREATE INDEX "requirements_status_idx" ON "requirements" USING btree ("status");