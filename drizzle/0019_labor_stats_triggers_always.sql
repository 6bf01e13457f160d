-- S-LABOR import: new rows are copied with session_replication_role = replica for the length of one COPY statement, so
-- that the per-row foreign-key triggers (常住地 and 户籍地 → villages) are replaced by one set-based check with the same
-- locks (src/labor/store.ts, docs/decisions.md D12). The statistics rollup and the household guard must fire whatever
-- the session's replication role: ENABLE ALWAYS.
ALTER TABLE labor_persons ENABLE ALWAYS TRIGGER labor_persons_stats_ins;
--> statement-breakpoint
ALTER TABLE labor_persons ENABLE ALWAYS TRIGGER labor_persons_stats_upd;
--> statement-breakpoint
ALTER TABLE labor_persons ENABLE ALWAYS TRIGGER labor_persons_stats_del;
--> statement-breakpoint
ALTER TABLE labor_persons ENABLE ALWAYS TRIGGER labor_persons_stats_trunc;
--> statement-breakpoint
ALTER TABLE labor_households ENABLE ALWAYS TRIGGER labor_households_no_delete;
