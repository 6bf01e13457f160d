CREATE TABLE "share_agreement_workers" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "share_agreement_workers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"agreement_id" integer NOT NULL,
	"declared_worker_id" integer NOT NULL,
	"name" text NOT NULL,
	"id_number" text NOT NULL,
	"contract_end" date NOT NULL,
	"consent" text DEFAULT 'pending' NOT NULL,
	"consent_way" text,
	"consent_file" text,
	"consent_at" timestamp with time zone,
	"consent_note" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"started_on" date,
	"return_due" date,
	"return_kind" text,
	"return_reason" text,
	"return_confirmed_at" timestamp with time zone,
	"ended_on" date,
	CONSTRAINT "share_agreement_workers_consent_ck" CHECK ("share_agreement_workers"."status" not in ('active', 'returning') or "share_agreement_workers"."consent" in ('confirmed', 'withdrawn'))
);
--> statement-breakpoint
CREATE TABLE "share_agreements" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "share_agreements_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"number" text,
	"proposal_id" integer NOT NULL,
	"lender_id" integer NOT NULL,
	"borrower_id" integer NOT NULL,
	"lender_region" text COLLATE "C" NOT NULL,
	"borrower_region" text COLLATE "C" NOT NULL,
	"post" text NOT NULL,
	"headcount" integer NOT NULL,
	"headcount_rule" text NOT NULL,
	"date_from" date NOT NULL,
	"date_to" date NOT NULL,
	"work_place" text NOT NULL,
	"hours_rest" text NOT NULL,
	"pay_monthly" integer NOT NULL,
	"pay_day" integer NOT NULL,
	"worker_fee" integer DEFAULT 0 NOT NULL,
	"social_insurance" text NOT NULL,
	"protection" text NOT NULL,
	"injury_liability" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"scan_sha256" text,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"activated_at" timestamp with time zone,
	"expiry_reminded_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	CONSTRAINT "share_agreements_no_fee_ck" CHECK ("share_agreements"."worker_fee" = 0),
	CONSTRAINT "share_agreements_no_self_ck" CHECK ("share_agreements"."lender_id" <> "share_agreements"."borrower_id"),
	CONSTRAINT "share_agreements_period_ck" CHECK ("share_agreements"."date_to" >= "share_agreements"."date_from")
);
--> statement-breakpoint
CREATE TABLE "share_amendments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "share_amendments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"agreement_id" integer NOT NULL,
	"new_headcount" integer,
	"new_date_to" date,
	"reason" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"consents" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "share_consent_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"nonce" text NOT NULL,
	"agreement_id" integer NOT NULL,
	"worker_id" integer NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"jti" text,
	"expires_at" timestamp with time zone NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "share_consent_requests_jti_unique" UNIQUE("jti")
);
--> statement-breakpoint
CREATE TABLE "share_declarations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "share_declarations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"enterprise_id" integer NOT NULL,
	"region_code" text COLLATE "C" NOT NULL,
	"kind" text NOT NULL,
	"post" text NOT NULL,
	"skills" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"headcount" integer NOT NULL,
	"date_from" date NOT NULL,
	"date_to" date NOT NULL,
	"pay_monthly" integer,
	"hours" text,
	"conditions" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"review_note" text,
	"reviewed_by" integer,
	"reviewed_at" timestamp with time zone,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "share_declarations_period_ck" CHECK ("share_declarations"."date_to" >= "share_declarations"."date_from"),
	CONSTRAINT "share_declarations_headcount_ck" CHECK ("share_declarations"."headcount" > 0)
);
--> statement-breakpoint
CREATE TABLE "share_declared_workers" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "share_declared_workers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"declaration_id" integer NOT NULL,
	"name" text NOT NULL,
	"id_number" text NOT NULL,
	"phone" text,
	"contract_end" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "share_disputes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "share_disputes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"agreement_id" integer NOT NULL,
	"worker_id" integer,
	"raised_by" text NOT NULL,
	"subject" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"resolution" text,
	"due_date" date NOT NULL,
	"lender_region" text COLLATE "C" NOT NULL,
	"borrower_region" text COLLATE "C" NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_by" integer,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "share_enterprises" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "share_enterprises_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"credit_code" text NOT NULL,
	"credit_code_valid" boolean NOT NULL,
	"name" text NOT NULL,
	"legal_rep" text NOT NULL,
	"industry" text NOT NULL,
	"region_code" text COLLATE "C" NOT NULL,
	"address" text,
	"contact_name" text NOT NULL,
	"contact_id_number" text NOT NULL,
	"contact_phone" text NOT NULL,
	"status" text NOT NULL,
	"review_note" text,
	"reviewed_by" integer,
	"reviewed_at" timestamp with time zone,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "share_proposals" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "share_proposals_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"surplus_id" integer NOT NULL,
	"shortage_id" integer NOT NULL,
	"lender_id" integer NOT NULL,
	"borrower_id" integer NOT NULL,
	"lender_region" text COLLATE "C" NOT NULL,
	"borrower_region" text COLLATE "C" NOT NULL,
	"headcount" integer NOT NULL,
	"score" integer NOT NULL,
	"explanation" jsonb NOT NULL,
	"note" text,
	"proposed_by" integer NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"lender_decision" text,
	"lender_reason" text,
	"lender_file" text,
	"borrower_decision" text,
	"borrower_reason" text,
	"borrower_file" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "share_settlements" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "share_settlements_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"agreement_id" integer NOT NULL,
	"worker_id" integer NOT NULL,
	"month" text NOT NULL,
	"borrower_paid" integer NOT NULL,
	"borrower_paid_on" date NOT NULL,
	"lender_paid" integer NOT NULL,
	"lender_paid_on" date NOT NULL,
	"worker_fee" integer DEFAULT 0 NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "share_settlements_full_ck" CHECK ("share_settlements"."lender_paid" >= "share_settlements"."borrower_paid" and "share_settlements"."worker_fee" = 0)
);
--> statement-breakpoint
CREATE TABLE "share_subsidy_applications" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "share_subsidy_applications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"enterprise_id" integer NOT NULL,
	"region_code" text COLLATE "C" NOT NULL,
	"year" integer NOT NULL,
	"workers" integer NOT NULL,
	"amount" integer NOT NULL,
	"basis" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"note" text,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "share_subsidy_rules" (
	"year" integer PRIMARY KEY NOT NULL,
	"per_worker" integer NOT NULL,
	"min_days" integer NOT NULL,
	"cap" integer NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "share_targets" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "share_targets_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"region_code" text COLLATE "C" NOT NULL,
	"year" integer NOT NULL,
	"workers" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "share_agreement_workers" ADD CONSTRAINT "share_agreement_workers_agreement_id_share_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."share_agreements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_agreement_workers" ADD CONSTRAINT "share_agreement_workers_declared_worker_id_share_declared_workers_id_fk" FOREIGN KEY ("declared_worker_id") REFERENCES "public"."share_declared_workers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_agreements" ADD CONSTRAINT "share_agreements_proposal_id_share_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."share_proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_agreements" ADD CONSTRAINT "share_agreements_lender_id_share_enterprises_id_fk" FOREIGN KEY ("lender_id") REFERENCES "public"."share_enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_agreements" ADD CONSTRAINT "share_agreements_borrower_id_share_enterprises_id_fk" FOREIGN KEY ("borrower_id") REFERENCES "public"."share_enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_amendments" ADD CONSTRAINT "share_amendments_agreement_id_share_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."share_agreements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_consent_requests" ADD CONSTRAINT "share_consent_requests_agreement_id_share_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."share_agreements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_consent_requests" ADD CONSTRAINT "share_consent_requests_worker_id_share_agreement_workers_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."share_agreement_workers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_declarations" ADD CONSTRAINT "share_declarations_enterprise_id_share_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."share_enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_declared_workers" ADD CONSTRAINT "share_declared_workers_declaration_id_share_declarations_id_fk" FOREIGN KEY ("declaration_id") REFERENCES "public"."share_declarations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_disputes" ADD CONSTRAINT "share_disputes_agreement_id_share_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."share_agreements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_disputes" ADD CONSTRAINT "share_disputes_worker_id_share_agreement_workers_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."share_agreement_workers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_proposals" ADD CONSTRAINT "share_proposals_surplus_id_share_declarations_id_fk" FOREIGN KEY ("surplus_id") REFERENCES "public"."share_declarations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_proposals" ADD CONSTRAINT "share_proposals_shortage_id_share_declarations_id_fk" FOREIGN KEY ("shortage_id") REFERENCES "public"."share_declarations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_proposals" ADD CONSTRAINT "share_proposals_lender_id_share_enterprises_id_fk" FOREIGN KEY ("lender_id") REFERENCES "public"."share_enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_proposals" ADD CONSTRAINT "share_proposals_borrower_id_share_enterprises_id_fk" FOREIGN KEY ("borrower_id") REFERENCES "public"."share_enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_settlements" ADD CONSTRAINT "share_settlements_agreement_id_share_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."share_agreements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_settlements" ADD CONSTRAINT "share_settlements_worker_id_share_agreement_workers_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."share_agreement_workers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_subsidy_applications" ADD CONSTRAINT "share_subsidy_applications_enterprise_id_share_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."share_enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "share_agreement_workers_uq" ON "share_agreement_workers" USING btree ("agreement_id","declared_worker_id");--> statement-breakpoint
CREATE INDEX "share_agreement_workers_id_idx" ON "share_agreement_workers" USING btree ("id_number");--> statement-breakpoint
CREATE INDEX "share_agreements_lender_idx" ON "share_agreements" USING btree ("lender_region");--> statement-breakpoint
CREATE INDEX "share_agreements_borrower_idx" ON "share_agreements" USING btree ("borrower_region");--> statement-breakpoint
CREATE INDEX "share_declarations_region_idx" ON "share_declarations" USING btree ("region_code");--> statement-breakpoint
CREATE UNIQUE INDEX "share_declared_workers_uq" ON "share_declared_workers" USING btree ("declaration_id","id_number");--> statement-breakpoint
CREATE UNIQUE INDEX "share_enterprises_credit_uq" ON "share_enterprises" USING btree ("credit_code");--> statement-breakpoint
CREATE INDEX "share_enterprises_region_idx" ON "share_enterprises" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "share_proposals_lender_idx" ON "share_proposals" USING btree ("lender_region");--> statement-breakpoint
CREATE INDEX "share_proposals_borrower_idx" ON "share_proposals" USING btree ("borrower_region");--> statement-breakpoint
CREATE UNIQUE INDEX "share_settlements_uq" ON "share_settlements" USING btree ("worker_id","month");--> statement-breakpoint
CREATE UNIQUE INDEX "share_subsidy_applications_uq" ON "share_subsidy_applications" USING btree ("enterprise_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "share_targets_uq" ON "share_targets" USING btree ("region_code","year");