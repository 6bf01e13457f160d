CREATE TABLE "labor_import_chunks" (
	"batch_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"last_row" integer NOT NULL,
	"rows" integer NOT NULL,
	"lines" text NOT NULL,
	CONSTRAINT "labor_import_chunks_batch_id_seq_pk" PRIMARY KEY("batch_id","seq")
);
--> statement-breakpoint
ALTER TABLE "labor_import_chunks" ADD CONSTRAINT "labor_import_chunks_batch_id_labor_import_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."labor_import_batches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Chunks are written once and read once: no compression (pglz would cost more time than the bytes it saves).
ALTER TABLE "labor_import_chunks" ALTER COLUMN "lines" SET STORAGE EXTERNAL;
