-- R1, R4: the history of a requirement is append-only; a step is never changed or deleted.
CREATE OR REPLACE FUNCTION requirement_steps_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'requirement_steps is append-only (R1, R4)' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER requirement_steps_no_update BEFORE UPDATE OR DELETE ON requirement_steps
  FOR EACH ROW EXECUTE FUNCTION requirement_steps_append_only();
--> statement-breakpoint
-- R8: a county requirement reaches the 州信息中心 only from the counterpart 州 department's review, and a 州
-- requirement only from its own department's review; the database refuses any other way in.
CREATE OR REPLACE FUNCTION requirements_path_guard() RETURNS trigger AS $$
BEGIN
  IF NEW.status = 'pending_center' AND OLD.status IS DISTINCT FROM 'pending_center' THEN
    IF NEW.applicant_level = 'county' AND OLD.status <> 'pending_prefecture_review' THEN
      RAISE EXCEPTION 'R8: a county requirement goes to the info center only through the counterpart prefecture department (from %)', OLD.status
        USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.applicant_level = 'prefecture' AND OLD.status <> 'pending_dept_review' THEN
      RAISE EXCEPTION 'R7: a prefecture requirement goes to the info center only after its department head review (from %)', OLD.status
        USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER requirements_path_guard BEFORE UPDATE OF status ON requirements
  FOR EACH ROW EXECUTE FUNCTION requirements_path_guard();
