-- S-LABOR import: the prepared rows of a validated batch are a work area, written once and read once. Unlogged, they
-- cost no WAL (the rows of a 2-million-person file are about 450 MB). After a database crash PostgreSQL empties an
-- unlogged table: a batch validated or interrupted before the crash then reports that its prepared rows are gone
-- (IMPORT_PREPARED_GONE) and the file is validated again; rows already committed are found registered and unchanged.
ALTER TABLE labor_import_chunks SET UNLOGGED;
