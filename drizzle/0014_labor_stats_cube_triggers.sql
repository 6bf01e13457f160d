-- S-LABOR statistics rollup as a per-township cube (replaces the functions of 0011_labor_stats). Statement-level
-- triggers with transition tables add one grouped upsert per INSERT/UPDATE/DELETE/COPY statement on labor_persons, in
-- the same transaction. Key: 乡镇 (first 9 digits of the 常住地 village) × working age (as of labor_stats_asof.asof) ×
-- sex × 就业状态 × 转移去向 × 外出方式 × 转移劳动力 × 返乡 × 脱贫人口 × 监测对象. PostgreSQL 15 compatible.
DROP FUNCTION IF EXISTS labor_stat_dims(text, text, text, text, boolean, boolean, boolean, boolean);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION labor_stats_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  a date;
BEGIN
  SELECT asof INTO STRICT a FROM labor_stats_asof WHERE id = 1 FOR SHARE;
  INSERT INTO labor_stats AS s (township_code, wa, sex, status, dest, channel, is_transfer, returnee, poverty, monitored, n)
  SELECT left(x.region_code, 9), labor_working_age(x.sex, x.birth_date, a), x.sex, coalesce(x.employment_status, ''),
         coalesce(x.transfer_dest, ''), coalesce(x.transfer_channel, ''), x.is_transfer, x.returnee, x.poverty, x.monitored,
         count(*)
  FROM labor_new x
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
  ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
  ON CONFLICT ON CONSTRAINT labor_stats_pk DO UPDATE SET n = s.n + excluded.n;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION labor_stats_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  a date;
BEGIN
  SELECT asof INTO STRICT a FROM labor_stats_asof WHERE id = 1 FOR SHARE;
  INSERT INTO labor_stats AS s (township_code, wa, sex, status, dest, channel, is_transfer, returnee, poverty, monitored, n)
  SELECT t.k1, t.k2, t.k3, t.k4, t.k5, t.k6, t.k7, t.k8, t.k9, t.k10, sum(t.delta)
  FROM (
    SELECT left(x.region_code, 9) AS k1, labor_working_age(x.sex, x.birth_date, a) AS k2, x.sex AS k3,
           coalesce(x.employment_status, '') AS k4, coalesce(x.transfer_dest, '') AS k5,
           coalesce(x.transfer_channel, '') AS k6, x.is_transfer AS k7, x.returnee AS k8, x.poverty AS k9,
           x.monitored AS k10, 1 AS delta
    FROM labor_new x
    UNION ALL
    SELECT left(x.region_code, 9), labor_working_age(x.sex, x.birth_date, a), x.sex, coalesce(x.employment_status, ''),
           coalesce(x.transfer_dest, ''), coalesce(x.transfer_channel, ''), x.is_transfer, x.returnee, x.poverty,
           x.monitored, -1
    FROM labor_old x
  ) t
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
  HAVING sum(t.delta) <> 0
  ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
  ON CONFLICT ON CONSTRAINT labor_stats_pk DO UPDATE SET n = s.n + excluded.n;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION labor_stats_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  a date;
BEGIN
  SELECT asof INTO STRICT a FROM labor_stats_asof WHERE id = 1 FOR SHARE;
  INSERT INTO labor_stats AS s (township_code, wa, sex, status, dest, channel, is_transfer, returnee, poverty, monitored, n)
  SELECT left(x.region_code, 9), labor_working_age(x.sex, x.birth_date, a), x.sex, coalesce(x.employment_status, ''),
         coalesce(x.transfer_dest, ''), coalesce(x.transfer_channel, ''), x.is_transfer, x.returnee, x.poverty, x.monitored,
         -count(*)
  FROM labor_old x
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
  ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
  ON CONFLICT ON CONSTRAINT labor_stats_pk DO UPDATE SET n = s.n + excluded.n;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Move the working-age flag of the rollup to another date: only people whose 16th, 55th or 60th birthday falls between
-- the two dates change (a few per township per day), found through the birth-date index. Returns how many moved.
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
    SELECT left(p.region_code, 9) AS township_code, p.sex, coalesce(p.employment_status, '') AS status,
           coalesce(p.transfer_dest, '') AS dest, coalesce(p.transfer_channel, '') AS channel, p.is_transfer, p.returnee,
           p.poverty, p.monitored, labor_working_age(p.sex, p.birth_date, a) AS wa_old,
           labor_working_age(p.sex, p.birth_date, target) AS wa_new
    FROM labor_persons p
    WHERE (p.birth_date > (lo - interval '16 years')::date AND p.birth_date <= (hi - interval '16 years')::date)
       OR (p.birth_date > (lo - interval '55 years')::date AND p.birth_date <= (hi - interval '55 years')::date)
       OR (p.birth_date > (lo - interval '60 years')::date AND p.birth_date <= (hi - interval '60 years')::date)
  ), moved_rows AS (
    SELECT * FROM crossing WHERE wa_old IS DISTINCT FROM wa_new
  ), applied AS (
    INSERT INTO labor_stats AS s (township_code, wa, sex, status, dest, channel, is_transfer, returnee, poverty, monitored, n)
    SELECT x.township_code, v.wa, x.sex, x.status, x.dest, x.channel, x.is_transfer, x.returnee, x.poverty, x.monitored,
           sum(v.delta)
    FROM moved_rows x
    CROSS JOIN LATERAL (VALUES (x.wa_old, -1), (x.wa_new, 1)) AS v(wa, delta)
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
    HAVING sum(v.delta) <> 0
    ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
    ON CONFLICT ON CONSTRAINT labor_stats_pk DO UPDATE SET n = s.n + excluded.n
    RETURNING 1
  )
  SELECT count(*) INTO moved FROM moved_rows;
  UPDATE labor_stats_asof SET asof = target WHERE id = 1;
  RETURN moved;
END;
$$;
--> statement-breakpoint
-- Recompute the whole rollup from labor_persons (repair; or after a bulk load made with the triggers disabled).
CREATE OR REPLACE FUNCTION labor_stats_rebuild(target date) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  total bigint;
BEGIN
  PERFORM 1 FROM labor_stats_asof WHERE id = 1 FOR UPDATE;
  LOCK TABLE labor_persons IN SHARE MODE;
  DELETE FROM labor_stats;
  INSERT INTO labor_stats (township_code, wa, sex, status, dest, channel, is_transfer, returnee, poverty, monitored, n)
  SELECT left(x.region_code, 9), labor_working_age(x.sex, x.birth_date, target), x.sex, coalesce(x.employment_status, ''),
         coalesce(x.transfer_dest, ''), coalesce(x.transfer_channel, ''), x.is_transfer, x.returnee, x.poverty, x.monitored,
         count(*)
  FROM labor_persons x
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10;
  UPDATE labor_stats_asof SET asof = target WHERE id = 1;
  SELECT count(*) INTO total FROM labor_persons;
  RETURN total;
END;
$$;
