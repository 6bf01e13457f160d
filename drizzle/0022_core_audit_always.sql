-- Issue 12, class 8 (X1): the audit log's append-only triggers fire whatever session_replication_role is. The import
-- may set it to replica (D12), which would otherwise silence ORIGIN triggers; ALWAYS triggers still fire.
ALTER TABLE audit_log ENABLE ALWAYS TRIGGER audit_log_no_update;
--> statement-breakpoint
ALTER TABLE audit_log ENABLE ALWAYS TRIGGER audit_log_no_truncate;
--> statement-breakpoint
-- The chain head only moves forward: its seq never decreases and never stays while its hash changes (a tail cut that
-- moves the head back is refused by the database as well as detected by the checkpoint, docs/security.md).
CREATE OR REPLACE FUNCTION audit_head_forward_only() RETURNS trigger AS $$
BEGIN
  IF NEW.seq < OLD.seq OR (NEW.seq = OLD.seq AND NEW.hash IS DISTINCT FROM OLD.hash) THEN
    RAISE EXCEPTION 'audit_head only moves forward (X1)' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head
  FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only();
--> statement-breakpoint
ALTER TABLE audit_head ENABLE ALWAYS TRIGGER audit_head_forward;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_head_no_delete() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_head is never deleted (X1)' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_head_keep BEFORE DELETE ON audit_head
  FOR EACH ROW EXECUTE FUNCTION audit_head_no_delete();
--> statement-breakpoint
ALTER TABLE audit_head ENABLE ALWAYS TRIGGER audit_head_keep;
--> statement-breakpoint
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
  FOR EACH STATEMENT EXECUTE FUNCTION audit_head_no_delete();
--> statement-breakpoint
ALTER TABLE audit_head ENABLE ALWAYS TRIGGER audit_head_no_truncate;
