-- The schema version moves into a table of its own, one row, which the program updates after
-- each migration. `meta` stays, and every migration keeps its schema_version up to date: it is
-- the only marker a program of version 1 reads, and so what makes it refuse this store (it took
-- a store without `meta` for a new one and would have imported into it).
CREATE TABLE upstream_schema_version (version integer NOT NULL);
INSERT INTO upstream_schema_version (version) VALUES (2);
