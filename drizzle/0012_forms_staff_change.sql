CREATE TABLE "staff_change_drafts" (
	"staff_change_id" integer PRIMARY KEY NOT NULL,
	"outcome" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
