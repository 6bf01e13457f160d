-- Snapshot sync after merging the module branches (0021–0028 created these tables, each from its own schema.ts):
-- this migration only records the combined schema for drizzle-kit; it changes nothing.
select 1;
