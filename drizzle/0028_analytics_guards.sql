-- S-ANALYTICS: monthly snapshots are immutable (period comparison must read what was taken at the time).
CREATE OR REPLACE FUNCTION analytics_snapshots_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'analytics_snapshots rows are immutable (S-ANALYTICS)' USING ERRCODE = 'check_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER analytics_snapshots_no_update BEFORE UPDATE OR DELETE ON analytics_snapshots
  FOR EACH ROW EXECUTE FUNCTION analytics_snapshots_immutable();
--> statement-breakpoint
CREATE TRIGGER analytics_snapshots_no_truncate BEFORE TRUNCATE ON analytics_snapshots
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_snapshots_immutable();
--> statement-breakpoint
INSERT INTO analytics_settings (id, green_ratio, amber_ratio) VALUES (1, 1, 0.9) ON CONFLICT DO NOTHING;
