CREATE TABLE "access_denials" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "access_denials_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"account_id" integer NOT NULL,
	"method" text NOT NULL,
	"route" text NOT NULL,
	"code" text NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"count" integer DEFAULT 1 NOT NULL,
	"source_ip" text,
	"last_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "access_denials_uq" ON "access_denials" USING btree ("account_id","method","route","code","minute");--> statement-breakpoint
CREATE INDEX "access_denials_minute_idx" ON "access_denials" USING btree ("minute");