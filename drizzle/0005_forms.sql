CREATE TABLE "admin_handovers" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "admin_handovers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"account_id" integer NOT NULL,
	"successor_account_id" integer,
	"held" jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"form_id" integer,
	"recorded_by" integer NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deadlines" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "deadlines_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"object_type" text NOT NULL,
	"object_id" integer NOT NULL,
	"kind" text NOT NULL,
	"due_date" date NOT NULL,
	"remind_on" date NOT NULL,
	"org_code" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"reminded_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "form_signers" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "form_signers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"unit_id" integer NOT NULL,
	"account_id" integer NOT NULL,
	"duty" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "request_form_rows" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "request_form_rows_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"form_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"category" text NOT NULL,
	"name" text NOT NULL,
	"id_number" text NOT NULL,
	"phone" text,
	"role_kind" text NOT NULL,
	"admin_subsystems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"position_id" integer,
	"org_code" text NOT NULL,
	"unit_id" integer,
	"requirement" text DEFAULT '' NOT NULL,
	"target_account_id" integer,
	"account_part" text NOT NULL,
	"account_result" text,
	"account_done_by" integer,
	"account_done_at" timestamp with time zone,
	"grant_part" text NOT NULL,
	"grant_result" text,
	"grant_done_by" integer,
	"grant_done_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "request_form_steps" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "request_form_steps_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"form_id" integer NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"by_account_id" integer,
	"by_name" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"opinion" text,
	"row_seq" integer
);
--> statement-breakpoint
CREATE TABLE "request_forms" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "request_forms_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"number" text,
	"kind" text NOT NULL,
	"subsystem" text,
	"applicant_unit_id" integer NOT NULL,
	"applicant_org_code" text NOT NULL,
	"executor_org_code" text NOT NULL,
	"apply_date" date NOT NULL,
	"submitter_account_id" integer NOT NULL,
	"contact_name" text NOT NULL,
	"contact_phone" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"dept_opinion" text,
	"dept_opinion_by" integer,
	"dept_opinion_at" timestamp with time zone,
	"unit_opinion" text,
	"unit_opinion_by" integer,
	"unit_opinion_at" timestamp with time zone,
	"account_admin_result" text,
	"account_admin_by" integer,
	"account_admin_at" timestamp with time zone,
	"permission_admin_result" text,
	"permission_admin_by" integer,
	"permission_admin_at" timestamp with time zone,
	"staff_change_id" integer,
	"submitted_at" timestamp with time zone,
	"arrived_at" timestamp with time zone,
	"done_at" timestamp with time zone,
	"scan_sha256" text,
	"scan_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "serials" (
	"key" text PRIMARY KEY NOT NULL,
	"value" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "admin_handovers" ADD CONSTRAINT "admin_handovers_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admin_handovers" ADD CONSTRAINT "admin_handovers_successor_account_id_accounts_id_fk" FOREIGN KEY ("successor_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_signers" ADD CONSTRAINT "form_signers_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_signers" ADD CONSTRAINT "form_signers_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_form_rows" ADD CONSTRAINT "request_form_rows_form_id_request_forms_id_fk" FOREIGN KEY ("form_id") REFERENCES "public"."request_forms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_form_steps" ADD CONSTRAINT "request_form_steps_form_id_request_forms_id_fk" FOREIGN KEY ("form_id") REFERENCES "public"."request_forms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_forms" ADD CONSTRAINT "request_forms_applicant_unit_id_units_id_fk" FOREIGN KEY ("applicant_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_forms" ADD CONSTRAINT "request_forms_applicant_org_code_org_nodes_code_fk" FOREIGN KEY ("applicant_org_code") REFERENCES "public"."org_nodes"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_forms" ADD CONSTRAINT "request_forms_submitter_account_id_accounts_id_fk" FOREIGN KEY ("submitter_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deadlines_open_idx" ON "deadlines" USING btree ("status","remind_on");--> statement-breakpoint
CREATE UNIQUE INDEX "deadlines_obj_uq" ON "deadlines" USING btree ("object_type","object_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "form_signers_uq" ON "form_signers" USING btree ("unit_id","account_id","duty");--> statement-breakpoint
CREATE UNIQUE INDEX "request_form_rows_seq_uq" ON "request_form_rows" USING btree ("form_id","seq");--> statement-breakpoint
CREATE INDEX "request_form_steps_form_idx" ON "request_form_steps" USING btree ("form_id");--> statement-breakpoint
CREATE UNIQUE INDEX "request_forms_number_uq" ON "request_forms" USING btree ("number");--> statement-breakpoint
CREATE INDEX "request_forms_exec_idx" ON "request_forms" USING btree ("executor_org_code","status");