-- P5/P7/P8: nobody changes their own account or rights — enforced by the database as well as by rules.ts.
ALTER TABLE "account_changes" ADD CONSTRAINT "account_changes_not_self_ck" CHECK ("by_account_id" IS DISTINCT FROM "account_id");
--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_not_self_ck" CHECK ("granted_by" IS DISTINCT FROM "account_id" AND "revoked_by" IS DISTINCT FROM "account_id");
--> statement-breakpoint
ALTER TABLE "staff_status_changes" ADD CONSTRAINT "staff_status_not_self_ck" CHECK ("recorded_by" <> "account_id");
--> statement-breakpoint
-- P5 under concurrency: the role-kind check of a new or changed grant locks the holder's account row (FOR SHARE), so a
-- role-kind change running at the same time waits for it and then sees the grant (and refuses), or runs first and
-- the grant sees the new kind (and is refused). Same check as 0003, race-free.
CREATE OR REPLACE FUNCTION grants_match_role_kind() RETURNS trigger AS $$
DECLARE
  rk text;
BEGIN
  IF NEW.revoked_at IS NOT NULL THEN
    RETURN NEW;
  END IF;
  SELECT role_kind INTO rk FROM accounts WHERE id = NEW.account_id FOR SHARE;
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
-- A new grant only to an account in normal use: never to a suspended, disabled or cancelled one (P13, P7(4)).
CREATE OR REPLACE FUNCTION grants_account_active() RETURNS trigger AS $$
DECLARE
  st text;
BEGIN
  SELECT status INTO st FROM accounts WHERE id = NEW.account_id FOR SHARE;
  IF st IS DISTINCT FROM 'active' THEN
    RAISE EXCEPTION 'P13: account % is %, no new grant', NEW.account_id, st USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER grants_account_active_guard BEFORE INSERT ON grants
  FOR EACH ROW EXECUTE FUNCTION grants_account_active();
--> statement-breakpoint
-- A review campaign item belongs to one grant once; decisions are pending, confirmed or revoked.
ALTER TABLE "review_items" ADD CONSTRAINT "review_items_decision_ck" CHECK ("decision" IN ('pending', 'confirmed', 'revoked'));
