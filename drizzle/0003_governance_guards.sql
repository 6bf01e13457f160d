-- P5 separation of duties, enforced by the database as well as the services.
-- A position grant may only be held by an operator; a subsystem grant only by a permission admin.
CREATE OR REPLACE FUNCTION grants_match_role_kind() RETURNS trigger AS $$
DECLARE
  rk text;
BEGIN
  IF NEW.revoked_at IS NOT NULL THEN
    RETURN NEW;
  END IF;
  SELECT role_kind INTO rk FROM accounts WHERE id = NEW.account_id;
  IF NEW.kind = 'position' AND rk <> 'operator' THEN
    RAISE EXCEPTION 'P5: only an operator can hold a business position (account % is %)', NEW.account_id, rk
      USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.kind = 'admin_subsystem' AND rk <> 'permission_admin' THEN
    RAISE EXCEPTION 'P5: only a permission admin can hold a subsystem admin grant (account % is %)', NEW.account_id, rk
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER grants_role_kind_guard BEFORE INSERT OR UPDATE ON grants
  FOR EACH ROW EXECUTE FUNCTION grants_match_role_kind();
--> statement-breakpoint
-- Changing an account's role kind is allowed only once every right of the old kind is revoked:
-- at no moment does a person hold rights of two kinds.
CREATE OR REPLACE FUNCTION accounts_role_change_guard() RETURNS trigger AS $$
BEGIN
  IF NEW.role_kind IS DISTINCT FROM OLD.role_kind
     AND EXISTS (SELECT 1 FROM grants WHERE account_id = NEW.id AND revoked_at IS NULL) THEN
    RAISE EXCEPTION 'P5: revoke every grant of account % before changing its role kind', NEW.id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER accounts_role_kind_guard BEFORE UPDATE ON accounts
  FOR EACH ROW EXECUTE FUNCTION accounts_role_change_guard();
--> statement-breakpoint
-- P6: townships hold operators only.
CREATE OR REPLACE FUNCTION accounts_township_operators_only() RETURNS trigger AS $$
BEGIN
  IF NEW.role_kind <> 'operator' AND EXISTS (SELECT 1 FROM org_nodes WHERE code = NEW.org_code AND level = 'township') THEN
    RAISE EXCEPTION 'P6: a township (乡镇) account can only be an operator' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER accounts_township_guard BEFORE INSERT OR UPDATE ON accounts
  FOR EACH ROW EXECUTE FUNCTION accounts_township_operators_only();
