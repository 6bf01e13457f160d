-- S-LABOR statistics rollup, kept exact in the same transaction as every write to labor_persons.
-- Statement-level triggers with transition tables: one grouped upsert into labor_stats per INSERT/UPDATE/DELETE/COPY
-- statement (a 5 000-row import batch costs one aggregate, not 5 000 row triggers). PostgreSQL 15 compatible.

-- Working age (S-LABOR): men 16–60, women 16–55, counted from the 16th birthday up to the day before the 60th (55th).
CREATE OR REPLACE FUNCTION labor_working_age(sex text, birth date, asof date) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT birth <= (asof - interval '16 years')::date
     AND birth > (asof - CASE WHEN sex = 'M' THEN interval '60 years' ELSE interval '55 years' END)::date
$$;
--> statement-breakpoint
-- The (dimension, value) pairs one person counts in. Status '' = not filled in, so every dimension family adds up.
CREATE OR REPLACE FUNCTION labor_stat_dims(p_sex text, p_status text, p_dest text, p_channel text, p_transfer boolean,
                                           p_returnee boolean, p_poverty boolean, p_monitored boolean)
RETURNS TABLE(dim text, value text)
LANGUAGE sql IMMUTABLE AS $$
  SELECT d.dim, d.value FROM (VALUES
    ('sex', p_sex),
    ('status', coalesce(p_status, '')),
    ('dest', p_dest),
    ('channel', p_channel),
    ('transfer', CASE WHEN p_transfer THEN '1' END),
    ('returnee', CASE WHEN p_returnee THEN '1' END),
    ('poverty', CASE WHEN p_poverty THEN '1' END),
    ('poverty_emp', CASE WHEN p_poverty AND p_status IN ('emp', 'flex', 'self') THEN '1' END),
    ('monitored', CASE WHEN p_monitored THEN '1' END)
  ) AS d(dim, value)
  WHERE d.value IS NOT NULL
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION labor_stats_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  a date;
BEGIN
  SELECT asof INTO STRICT a FROM labor_stats_asof WHERE id = 1 FOR SHARE;
  INSERT INTO labor_stats AS s (village_code, dim, value, wa, n)
  SELECT x.region_code, d.dim, d.value, labor_working_age(x.sex, x.birth_date, a), count(*)
  FROM labor_new x
  CROSS JOIN LATERAL labor_stat_dims(x.sex, x.employment_status, x.transfer_dest, x.transfer_channel, x.is_transfer,
                                     x.returnee, x.poverty, x.monitored) d
  GROUP BY 1, 2, 3, 4
  ORDER BY 1, 2, 3, 4
  ON CONFLICT (village_code, dim, value, wa) DO UPDATE SET n = s.n + excluded.n;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION labor_stats_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  a date;
BEGIN
  SELECT asof INTO STRICT a FROM labor_stats_asof WHERE id = 1 FOR SHARE;
  INSERT INTO labor_stats AS s (village_code, dim, value, wa, n)
  SELECT t.region_code, t.dim, t.value, t.wa, sum(t.delta)
  FROM (
    SELECT x.region_code, d.dim, d.value, labor_working_age(x.sex, x.birth_date, a) AS wa, 1 AS delta
    FROM labor_new x
    CROSS JOIN LATERAL labor_stat_dims(x.sex, x.employment_status, x.transfer_dest, x.transfer_channel, x.is_transfer,
                                       x.returnee, x.poverty, x.monitored) d
    UNION ALL
    SELECT x.region_code, d.dim, d.value, labor_working_age(x.sex, x.birth_date, a), -1
    FROM labor_old x
    CROSS JOIN LATERAL labor_stat_dims(x.sex, x.employment_status, x.transfer_dest, x.transfer_channel, x.is_transfer,
                                       x.returnee, x.poverty, x.monitored) d
  ) t
  GROUP BY 1, 2, 3, 4
  HAVING sum(t.delta) <> 0
  ORDER BY 1, 2, 3, 4
  ON CONFLICT (village_code, dim, value, wa) DO UPDATE SET n = s.n + excluded.n;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION labor_stats_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  a date;
BEGIN
  SELECT asof INTO STRICT a FROM labor_stats_asof WHERE id = 1 FOR SHARE;
  INSERT INTO labor_stats AS s (village_code, dim, value, wa, n)
  SELECT x.region_code, d.dim, d.value, labor_working_age(x.sex, x.birth_date, a), -count(*)
  FROM labor_old x
  CROSS JOIN LATERAL labor_stat_dims(x.sex, x.employment_status, x.transfer_dest, x.transfer_channel, x.is_transfer,
                                     x.returnee, x.poverty, x.monitored) d
  GROUP BY 1, 2, 3, 4
  ORDER BY 1, 2, 3, 4
  ON CONFLICT (village_code, dim, value, wa) DO UPDATE SET n = s.n + excluded.n;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION labor_stats_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM labor_stats;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER labor_persons_stats_ins AFTER INSERT ON labor_persons
  REFERENCING NEW TABLE AS labor_new FOR EACH STATEMENT EXECUTE FUNCTION labor_stats_on_insert();
--> statement-breakpoint
CREATE TRIGGER labor_persons_stats_upd AFTER UPDATE ON labor_persons
  REFERENCING OLD TABLE AS labor_old NEW TABLE AS labor_new FOR EACH STATEMENT EXECUTE FUNCTION labor_stats_on_update();
--> statement-breakpoint
CREATE TRIGGER labor_persons_stats_del AFTER DELETE ON labor_persons
  REFERENCING OLD TABLE AS labor_old FOR EACH STATEMENT EXECUTE FUNCTION labor_stats_on_delete();
--> statement-breakpoint
CREATE TRIGGER labor_persons_stats_trunc AFTER TRUNCATE ON labor_persons
  FOR EACH STATEMENT EXECUTE FUNCTION labor_stats_on_truncate();
--> statement-breakpoint
-- Move the working-age flag of the rollup to another date: only people whose 16th, 55th or 60th birthday falls between
-- the two dates change (a few per village per day), found through the birth-date index. Returns how many moved.
CREATE OR REPLACE FUNCTION labor_stats_roll(target date) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  a date;
  lo date;
  hi date;
  moved integer;
BEGIN
  SELECT asof INTO STRICT a FROM labor_stats_asof WHERE id = 1 FOR UPDATE;
  IF a = target THEN
    RETURN 0;
  END IF;
  lo := least(a, target);
  hi := greatest(a, target);
  WITH crossing AS (
    SELECT p.region_code, p.sex, p.employment_status, p.transfer_dest, p.transfer_channel, p.is_transfer, p.returnee,
           p.poverty, p.monitored, labor_working_age(p.sex, p.birth_date, a) AS wa_old,
           labor_working_age(p.sex, p.birth_date, target) AS wa_new
    FROM labor_persons p
    WHERE (p.birth_date > (lo - interval '16 years')::date AND p.birth_date <= (hi - interval '16 years')::date)
       OR (p.birth_date > (lo - interval '55 years')::date AND p.birth_date <= (hi - interval '55 years')::date)
       OR (p.birth_date > (lo - interval '60 years')::date AND p.birth_date <= (hi - interval '60 years')::date)
  ), moved_rows AS (
    SELECT * FROM crossing WHERE wa_old IS DISTINCT FROM wa_new
  ), applied AS (
    INSERT INTO labor_stats AS s (village_code, dim, value, wa, n)
    SELECT x.region_code, d.dim, d.value, v.wa, sum(v.delta)
    FROM moved_rows x
    CROSS JOIN LATERAL labor_stat_dims(x.sex, x.employment_status, x.transfer_dest, x.transfer_channel, x.is_transfer,
                                       x.returnee, x.poverty, x.monitored) d
    CROSS JOIN LATERAL (VALUES (x.wa_old, -1), (x.wa_new, 1)) AS v(wa, delta)
    GROUP BY 1, 2, 3, 4
    HAVING sum(v.delta) <> 0
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (village_code, dim, value, wa) DO UPDATE SET n = s.n + excluded.n
    RETURNING 1
  )
  SELECT count(*) INTO moved FROM moved_rows;
  UPDATE labor_stats_asof SET asof = target WHERE id = 1;
  RETURN moved;
END;
$$;
--> statement-breakpoint
-- Recompute the whole rollup from labor_persons (repair, or after a bulk load with triggers disabled).
CREATE OR REPLACE FUNCTION labor_stats_rebuild(target date) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  total bigint;
BEGIN
  PERFORM 1 FROM labor_stats_asof WHERE id = 1 FOR UPDATE;
  LOCK TABLE labor_persons IN SHARE MODE;
  DELETE FROM labor_stats;
  INSERT INTO labor_stats (village_code, dim, value, wa, n)
  SELECT x.region_code, d.dim, d.value, labor_working_age(x.sex, x.birth_date, target), count(*)
  FROM labor_persons x
  CROSS JOIN LATERAL labor_stat_dims(x.sex, x.employment_status, x.transfer_dest, x.transfer_channel, x.is_transfer,
                                     x.returnee, x.poverty, x.monitored) d
  GROUP BY 1, 2, 3, 4;
  UPDATE labor_stats_asof SET asof = target WHERE id = 1;
  SELECT count(*) INTO total FROM labor_persons;
  RETURN total;
END;
$$;
--> statement-breakpoint
INSERT INTO labor_stats_asof (id, asof) VALUES (1, current_date) ON CONFLICT (id) DO NOTHING;
