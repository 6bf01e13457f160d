-- S-LABOR 一户一表: a household record is never deleted or truncated. labor_persons.household_id has no foreign key
-- (migration 0017: it saves a key check per imported person), so this guard keeps every stored id valid.
CREATE OR REPLACE FUNCTION labor_households_never_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'labor_households rows are never deleted (persons refer to them)' USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER labor_households_no_delete BEFORE DELETE OR TRUNCATE ON labor_households
  FOR EACH STATEMENT EXECUTE FUNCTION labor_households_never_deleted();
